"""Step 7's reminder rules, registered with notifications.registry when CompetitionConfig.ready() imports this module."""

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from competition.models import Objection, Post, Publicity
from competition.workdays import working_days_ahead
from notifications.messages import Text
from notifications.registry import Due, office_users, reminder_rule, unit_secretaries


@reminder_rule(
    "publicity_awaiting_approval",
    label=gettext_lazy("Publicity notice awaiting approval (unit secretaries, daily)"),
    lead_days=0,
)
def publicity_awaiting_approval(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The post's unit secretaries, every day while a notice awaits their approval (the lead time is not used).

    Due today: each day's scan adds one row per secretary, and a second scan the same day adds none. A notice
    returned to the office (or approved) stops the reminders; revised and awaiting again, they start again.
    """
    waiting = Publicity.objects.filter(
        status=Publicity.Status.AWAITING_APPROVAL, post__status=Post.Status.PUBLICITY
    ).select_related("post__unit", "application__person")
    for publicity in waiting:
        subject = Text(gettext_lazy("Publicity notice to approve: %(post)s"), post=publicity.post)
        body = Text(
            gettext_lazy(
                "The notice for %(person)s has been waiting for your approval since %(day)s. Approve it on the post's "
                "page, or return it to the office with a reason."
            ),
            person=publicity.application.person,
            day=timezone.localdate(publicity.created_at),
        )
        for user in unit_secretaries(publicity.post.unit):
            yield Due(publicity, user, today, subject, body, reverse("competition:post_detail", args=[publicity.post_id]))


@reminder_rule("publicity_ending", label=gettext_lazy("Publicity ends soon (office)"), lead_days=1)
def publicity_ending(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, within the lead time (in working days) before a published notice's last day."""
    horizon = working_days_ahead(today, lead_days)
    ending = (
        Publicity.objects.filter(status=Publicity.Status.PUBLISHED, end_date__gte=today, end_date__lte=horizon)
        # Read with the notice (not has_open_objections() per row): the scan's queries stay flat.
        .annotate(open_objections=Exists(Objection.objects.filter(publicity=OuterRef("pk"), result="")))
        .select_related("post__unit", "application__person")
    )
    for publicity in ending:
        subject = Text(
            gettext_lazy("Publicity of %(person)s for %(post)s ends on %(day)s"),
            person=publicity.application.person,
            post=publicity.post,
            day=publicity.end_date,
        )
        body = (
            gettext_lazy("Objections are still under investigation: record their results so that the publicity can end.")
            if publicity.open_objections
            else gettext_lazy("No objection is under investigation; the post moves on to the committee's decision after the last day.")
        )
        for user in office_users():
            yield Due(publicity, user, publicity.end_date, subject, body, reverse("competition:post_detail", args=[publicity.post_id]))
