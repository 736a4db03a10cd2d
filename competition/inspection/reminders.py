"""Step 6's reminder rule, registered with notifications.registry when CompetitionConfig.ready() imports this module."""

import datetime
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from competition.models import Application, InspectionNotice, Post
from notifications.messages import Text
from notifications.registry import Due, office_users, reminder_rule

# An inspection still to conclude: no conclusion yet, its candidate still in the running.
_OPEN = Q(inspections__conclusion="", inspections__application__outcome=Application.Outcome.IN_PROGRESS)


def _open_notices():
    return InspectionNotice.objects.filter(post__status=Post.Status.INSPECTION).annotate(
        open=Count("inspections", filter=_OPEN)
    )


def _still_open(reminder) -> bool:
    return _open_notices().filter(pk=reminder.object_id, open__gt=0).exists()


@reminder_rule(
    "inspection_period_ending",
    label=gettext_lazy("Inspection period ending with conclusions to record (office)"),
    lead_days=2,
    still_due=_still_open,
)
def inspection_period_ending(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, within the lead time (calendar days) before the end of the period an inspection notice announced,
    while conclusions of its candidates are still to be recorded (due that day); once more the day after the period,
    if some still are."""
    notices = (
        _open_notices()
        .filter(
            open__gt=0,
            end_date__gte=today - datetime.timedelta(days=1),
            end_date__lte=today + datetime.timedelta(days=lead_days),
        )
        .select_related("post__unit")
    )
    for notice in notices:
        post = notice.post
        if notice.end_date >= today:
            due_date = notice.end_date
            subject = Text(
                gettext_lazy("The inspection period of %(post)s ends on %(day)s"), post=post, day=notice.end_date
            )
        else:
            due_date = today
            subject = Text(gettext_lazy("The inspection period of %(post)s has ended"), post=post)
        body = Text(
            gettext_lazy(
                "The conclusions of %(count)s candidate(s) named in the inspection notice are still to be recorded."
            ),
            count=notice.open,
        )
        for user in office_users():
            yield Due(notice, user, due_date, subject, body, reverse("competition:post_detail", args=[post.pk]))
