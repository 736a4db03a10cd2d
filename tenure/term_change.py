"""The term change (换届): when terms expire, the office opens the next unified campaign in one action.

The campaign gets its first round and one draft post per position whose current term expires by the given
day; each unit then completes its drafts' requirements and submits them through the normal workflow
(``competition.workflow``). A position whose incumbent is to be reappointed instead is simply cancelled
by its unit, or never submitted.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import require_office
from competition.models import Campaign, Position, Post, Round
from core import dates
from tenure.models import Term
from tenure.services import TenureError


def expiring_positions(expiring_by: datetime.date) -> QuerySet[Position]:
    """Standing section-chief positions whose current term is scheduled to end on or before ``expiring_by``."""
    position_ids = Term.objects.current().section_chiefs().filter(end__lte=expiring_by).values("position_id")
    return Position.objects.filter(pk__in=position_ids).select_related("unit").order_by("unit__name", "title")


@transaction.atomic
def term_change_start(
    *,
    name: str,
    expiring_by: datetime.date,
    registration_opens: datetime.datetime,
    registration_closes: datetime.datetime,
    unified_term_end: datetime.date,
    reappointment_deadline: datetime.date | None = None,
    by: User,
) -> Campaign:
    """Create the next unified campaign, its first round, and a draft post for each expiring position."""
    require_office(by, _("Only the competition office starts a term change."))
    if Campaign.objects.filter(name=name).exists():
        raise TenureError(_("A campaign with this name already exists."))
    if registration_closes <= registration_opens:
        raise TenureError(_("The registration window must end after it starts."))
    if unified_term_end <= expiring_by:
        raise TenureError(_("The new terms must end after the expiring ones."))
    positions = list(expiring_positions(expiring_by))
    if not positions:
        raise TenureError(_("No current term expires by that day."))
    campaign = Campaign.objects.create(
        name=name,
        kind=Campaign.Kind.UNIFIED,
        unified_term_end=unified_term_end,
        reappointment_deadline=reappointment_deadline,
        description=_("Term change: the posts whose terms expire by %(day)s.") % {"day": dates.day(expiring_by)},
    )
    round_ = Round.objects.create(
        campaign=campaign, number=1, registration_opens=registration_opens, registration_closes=registration_closes
    )
    for position in positions:
        # The same fields competition.release.post_create sets; created here directly because its full_clean()
        # trips over the protected status field (reported to the lead). The status stays the default draft.
        post = Post(
            campaign=campaign,
            round=round_,
            unit=position.unit,
            position=position,
            title=position.title,
            level=position.level,
            created_by=by,
        )
        post.full_clean(exclude=["status"])
        post.save()
    return campaign
