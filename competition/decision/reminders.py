"""Step 8's reminder rules, registered with notifications.registry when CompetitionConfig.ready() imports this module."""

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy

from competition.models import Application, Decision, Post, Publicity
from notifications.messages import Text
from notifications.registry import Due, reminder_rule, unit_secretaries


@reminder_rule("decision_missing", label=gettext_lazy("No committee decision after the publicity (unit secretaries)"), lead_days=3)
def decision_missing(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The post's unit secretaries, ``lead_days`` days after a publicity ended with no decision recorded.

    The post is still at the decision step and its candidate (the one whose publicity ended and who is still in
    the running, as competition.decision.services.decision_candidate picks) has no passing or failing decision. The
    reminder's object is the publicity, so a later candidate of the same post gets their own reminder.
    """
    decided = Decision.objects.filter(
        post=OuterRef("post"),
        application=OuterRef("application"),
        result__in=[Decision.Result.PASSED, Decision.Result.FAILED],
    )
    ended = (
        Publicity.objects.filter(
            status=Publicity.Status.ENDED,
            post__status=Post.Status.DECISION,
            application__outcome=Application.Outcome.IN_PROGRESS,
            end_date__lte=today - datetime.timedelta(days=lead_days),
        )
        .filter(~Exists(decided))
        .select_related("post__unit", "application__person")
    )
    for publicity in ended:
        due_date = publicity.end_date + datetime.timedelta(days=lead_days)
        subject = Text(gettext_lazy("No committee decision yet for %(post)s"), post=publicity.post)
        body = Text(
            gettext_lazy("The publicity of %(person)s ended on %(day)s. Record the committee's decision."),
            person=publicity.application.person,
            day=publicity.end_date,
        )
        for user in unit_secretaries(publicity.post.unit):
            yield Due(publicity, user, due_date, subject, body, reverse("competition:post_detail", args=[publicity.post_id]))
