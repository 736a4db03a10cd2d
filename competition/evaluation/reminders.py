"""Step 5's reminder rules, registered with notifications.registry when CompetitionConfig.ready() imports this module."""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from competition.models import Evaluation, Post
from notifications.messages import Text
from notifications.registry import Due, office_users, reminder_rule


@reminder_rule("evaluation_open", label=gettext_lazy("Democratic evaluation open (office)"), lead_days=1)
def evaluation_open(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, for each evaluation still open for voting.

    One reminder within the lead time before the evaluation's day (due that day); if the evaluation is still
    open once its day has passed, one more, due the day after, to record the paper ballots and close it.
    """
    evaluations = Evaluation.objects.filter(
        status=Evaluation.Status.OPEN,
        post__status=Post.Status.EVALUATION,
        date__lte=today + datetime.timedelta(days=lead_days),
    ).select_related("post__unit")
    for evaluation in evaluations:
        post = evaluation.post
        if evaluation.date >= today:
            due_date = evaluation.date
            subject = Text(gettext_lazy("Democratic evaluation of %(post)s on %(day)s is open"), post=post, day=evaluation.date)
            body = Text(
                gettext_lazy(
                    "%(called)s participants are called; %(issued)s ballot codes are issued. Hand out the codes and "
                    "close the evaluation once the votes are in."
                ),
                called=evaluation.called,
                issued=evaluation.codes_issued,
            )
        else:
            due_date = evaluation.date + datetime.timedelta(days=1)
            subject = Text(gettext_lazy("Democratic evaluation of %(post)s is still open"), post=post)
            body = Text(
                gettext_lazy("The evaluation was held on %(day)s. Record the paper ballots and close it."), day=evaluation.date
            )
        for user in office_users():
            yield Due(evaluation, user, due_date, subject, body, reverse("competition:post_detail", args=[post.pk]))
