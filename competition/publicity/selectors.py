"""Step 7's reads for its pages: the notice as printed and shown, and the notices on show."""

import datetime
from typing import Any

from django.db.models import QuerySet

from competition.models import Publicity
from competition.publicity.services import publicity_period


def notice_context(notice: Publicity, today: datetime.date) -> dict[str, Any]:
    """What the notice's templates show; a notice not yet approved shows the period it would have from ``today``."""
    start, end = notice.start_date, notice.end_date
    if start is None:
        start, end = publicity_period(today, notice.working_days)
    return {"notice": notice, "person": notice.application.person, "application": notice.application, "start": start, "end": end}


def notices_on_show(today: datetime.date) -> QuerySet[Publicity]:
    return Publicity.objects.on_show(today).select_related("application__person", "post__unit")
