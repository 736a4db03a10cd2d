"""The reminder rules of steps 5 to 8, registered with notifications.registry (imported by CompetitionConfig.ready()).

Each rule reads the state that the step's service functions leave behind (competition.evaluations,
competition.publicity, competition.decisions); none changes anything. The reminder row's unique key
(rule, object, recipient, due date) is what makes a rule send once, or once a day where the due date is today.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Due, office_users, reminder_rule, unit_secretaries, working_days_ahead


def _day(day):
    return date_format(day, "DATE_FORMAT")


def _post_url(post_id):
    return reverse("competition:post_detail", args=[post_id])


@reminder_rule("evaluation_open", label=gettext_lazy("Democratic evaluation open (office)"), lead_days=1)
def evaluation_open(today, lead_days):
    """The office, for each evaluation still open for voting.

    One reminder within the lead time before the evaluation's day (due that day); if the evaluation is still
    open once its day has passed, one more, due the day after, to record the paper ballots and close it.
    """
    from competition.models import Evaluation, Post

    evaluations = Evaluation.objects.filter(
        status=Evaluation.Status.OPEN,
        post__status=Post.Status.EVALUATION,
        date__lte=today + datetime.timedelta(days=lead_days),
    ).select_related("post__unit")
    for evaluation in evaluations:
        post = evaluation.post
        if evaluation.date >= today:
            due_date = evaluation.date
            subject = _("Democratic evaluation of %(post)s on %(day)s is open") % {
                "post": post,
                "day": _day(evaluation.date),
            }
            body = _("%(called)s participants are called; %(issued)s ballot codes are issued.") % {
                "called": evaluation.called,
                "issued": evaluation.codes_issued,
            }
        else:
            due_date = evaluation.date + datetime.timedelta(days=1)
            subject = _("Democratic evaluation of %(post)s is still open") % {"post": post}
            body = _("The evaluation was held on %(day)s. Record the paper ballots and close it.") % {
                "day": _day(evaluation.date)
            }
        for user in office_users():
            yield Due(evaluation, user, due_date, subject, body, _post_url(post.pk))


@reminder_rule(
    "publicity_awaiting_approval",
    label=gettext_lazy("Publicity notice awaiting approval (unit secretaries, daily)"),
    lead_days=0,
)
def publicity_awaiting_approval(today, lead_days):
    """The post's unit secretaries, every day while a notice awaits their approval (the lead time is not used).

    Due today: each day's scan adds one row per secretary, and a second scan the same day adds none. A notice
    returned to the office (or approved) stops the reminders; revised and awaiting again, they start again.
    """
    from competition.models import Post, Publicity

    waiting = Publicity.objects.filter(
        status=Publicity.Status.AWAITING_APPROVAL, post__status=Post.Status.PUBLICITY
    ).select_related("post__unit", "application__person")
    for publicity in waiting:
        subject = _("Publicity notice to approve: %(post)s") % {"post": publicity.post}
        body = _("The notice for %(person)s has been waiting for your approval since %(day)s.") % {
            "person": publicity.application.person,
            "day": _day(timezone.localdate(publicity.created_at)),
        }
        for user in unit_secretaries(publicity.post.unit):
            yield Due(publicity, user, today, subject, body, _post_url(publicity.post_id))


@reminder_rule("publicity_ending", label=gettext_lazy("Publicity ends soon (office)"), lead_days=1)
def publicity_ending(today, lead_days):
    """The office, within the lead time (in working days) before a published notice's last day."""
    from competition.models import Publicity

    horizon = working_days_ahead(today, lead_days)
    ending = Publicity.objects.filter(
        status=Publicity.Status.PUBLISHED, end_date__gte=today, end_date__lte=horizon
    ).select_related("post__unit", "application__person")
    for publicity in ending:
        subject = _("Publicity of %(person)s for %(post)s ends on %(day)s") % {
            "person": publicity.application.person,
            "post": publicity.post,
            "day": _day(publicity.end_date),
        }
        body = (
            _("Objections are still under investigation.")
            if publicity.has_open_objections()
            else _("No objection is under investigation.")
        )
        for user in office_users():
            yield Due(publicity, user, publicity.end_date, subject, body, _post_url(publicity.post_id))


@reminder_rule("decision_missing", label=gettext_lazy("No committee decision after the publicity (unit secretaries)"), lead_days=3)
def decision_missing(today, lead_days):
    """The post's unit secretaries, ``lead_days`` days after a publicity ended with no decision recorded.

    The post is still at the decision step and its candidate (the one whose publicity ended and who is still in
    the running, as competition.decisions.decision_candidate picks) has no passing or failing decision. The
    reminder's object is the publicity, so a later candidate of the same post gets their own reminder.
    """
    from competition.models import Application, Decision, Post, Publicity

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
        subject = _("No committee decision yet for %(post)s") % {"post": publicity.post}
        body = _("The publicity of %(person)s ended on %(day)s. Record the committee's decision.") % {
            "person": publicity.application.person,
            "day": _day(publicity.end_date),
        }
        for user in unit_secretaries(publicity.post.unit):
            yield Due(publicity, user, due_date, subject, body, _post_url(publicity.post_id))


@reminder_rule("scores_missing", label=gettext_lazy("Scores missing after a session (examiners and office)"), lead_days=0)
def scores_missing(today, lead_days):
    """Each examiner who still owes scores once a session's day is over, and the office; once a day until it closes.

    ``lead_days`` is how many days after the session's day the first reminder waits (default 0: the next morning).
    """
    from competition.interviews import missing_scores
    from competition.models import InterviewSession

    sessions = InterviewSession.objects.filter(
        status=InterviewSession.Status.STARTED, date__lt=today - datetime.timedelta(days=lead_days)
    )
    for session in sessions:
        missing = missing_scores(session)
        if not missing:
            continue
        subject = _("Scores missing for %(session)s of %(day)s") % {"session": session, "day": _day(session.date)}
        owed = {}
        for examiner, _slot in missing:
            owed[examiner] = owed.get(examiner, 0) + 1
        for examiner, count in owed.items():
            if examiner.user_id and examiner.user.is_active:
                yield Due(
                    session, examiner.user, today, subject,
                    _("You have %(n)s candidate(s) still to score.") % {"n": count},
                    reverse("interviews:examiner_score", args=[session.pk]),
                )
        for user in office_users():
            yield Due(
                session, user, today, subject,
                _("%(n)s score(s) are missing; the session cannot close until they are in.") % {"n": len(missing)},
                reverse("interviews:session_detail", args=[session.pk]),
            )
