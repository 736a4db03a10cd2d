"""Step 6's reminder rule, registered with notifications.registry when CompetitionConfig.ready() imports this module:
the office is reminded before an inspection period ends while a candidate's inspection has no conclusion."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from competition.models import Application, Inspection, Post
from competition.workdays import working_days_ahead
from notifications.messages import Text
from notifications.registry import Due, office_users, reminder_rule

# How far back the rule looks for a period that ended without a conclusion (its one "overdue" reminder).
OVERDUE_WINDOW = datetime.timedelta(days=90)


def open_inspections() -> QuerySet[Inspection]:
    """Inspections opened by a notice and not concluded, of candidates still in the running at a post inspecting."""
    return Inspection.objects.filter(
        conclusion="", post__status=Post.Status.INSPECTION, application__outcome=Application.Outcome.IN_PROGRESS
    )


@reminder_rule(
    "inspection_ending",
    label=gettext_lazy("Inspection period ends without a conclusion (office)"),
    lead_days=2,
    still_due=lambda reminder: open_inspections().filter(pk=reminder.object_id).exists(),
)
def inspection_ending(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, within the lead time (working days) before the last day of a candidate's inspection period while
    it has no conclusion; if the period ended without one, once more the day after."""
    horizon = working_days_ahead(today, lead_days)
    inspections = open_inspections().filter(end_date__lte=horizon, end_date__gte=today - OVERDUE_WINDOW)
    body = gettext_lazy(
        "Complete the candidate's checklist (file review, integrity opinion, personal matters report, talks and "
        "evaluation) and record the conclusion on the inspection's page."
    )
    for inspection in inspections.select_related("application__person", "post__unit"):
        late = inspection.end_date < today
        subject = Text(
            gettext_lazy("The inspection of %(person)s for %(post)s ended on %(day)s without a conclusion")
            if late
            else gettext_lazy("The inspection of %(person)s for %(post)s ends on %(day)s"),
            person=inspection.application.person,
            post=inspection.post,
            day=inspection.end_date,
        )
        due = inspection.end_date + datetime.timedelta(days=1) if late else inspection.end_date
        url = reverse("appointment:inspection_detail", args=[inspection.pk])
        for user in office_users():
            yield Due(inspection, user, due, subject, body, url)
