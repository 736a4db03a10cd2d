"""Step 4, scoring and results: blind scoring by the examiners, closing the session, the office's corrections of
locked scores (each with its audit row), and publishing each post's ranking (computed in ``selectors``)."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules as roles
from accounts.models import User
from accounts.rules import require_office
from audit.models import AuditEvent
from audit.services import audit_record
from competition import workflow
from competition.inspection.services import places_after_tie_break
from competition.interviews.journal import lock_session, lock_session_to_run, log_event
from competition.interviews.rules import InterviewError, parse_score, weighted_total
from competition.interviews.selectors import (
    ResultRow,
    evaluation_cut,
    missing_scores,
    post_ranking,
    recusals,
    written_mark,
)
from competition.models import (
    Application,
    InterviewSession,
    Post,
    Score,
    ScoreCorrection,
    ScorePart,
)
from competition.ranking import post_rerank

Status = InterviewSession.Status


def _lock_score(score_id: int) -> Score:
    return Score.objects.select_for_update(of=("self",)).select_related("session").get(pk=score_id)


def _lock_applications(application_ids: list[int]) -> dict[int, Application]:
    """The applications' rows, locked in id order (one order for every caller, so two never wait on each other)."""
    rows = Application.objects.select_for_update(of=("self",)).filter(pk__in=application_ids).order_by("pk")
    return {application.pk: application for application in rows}


def _check_can_score(session: InterviewSession, examiner_id: int, application_id: int) -> None:
    slot = session.slots.filter(application_id=application_id).first()
    if slot is None:
        raise InterviewError(_("This candidate is not in the session."))
    if slot.absent:
        raise InterviewError(_("This candidate is absent."))
    if (examiner_id, application_id) in recusals(session):
        raise InterviewError(_("You are recused for this candidate."))


@transaction.atomic
def score_save(
    *, session_id: int, application_id: int, by: User, value: object = None, parts: Mapping[int, object] | None = None
) -> Score:
    """An examiner saves their score of a candidate; saving again replaces it until the session closes.

    With scoring dimensions, ``parts`` maps each dimension's id to its score and the total is their
    weighted mean; otherwise ``value`` is the total. The session row is locked, so a save never slips in
    after the close, and scores of several examiners saved at the same moment are written one after
    another (each to its own row).
    """
    if not roles.is_examiner(by):
        raise PermissionDenied
    session = lock_session(session_id)
    examiner = by.examiner
    if not session.examiners.filter(pk=examiner.pk).exists():
        raise PermissionDenied
    if session.status != Status.STARTED:
        raise InterviewError(_("Scores can be entered only while the session is running."))
    _check_can_score(session, examiner.pk, application_id)
    dimensions = list(session.dimensions.all())
    if dimensions:
        parts = parts or {}
        if any(dimension.pk not in parts for dimension in dimensions):
            raise InterviewError(_("Score every dimension."))
        values = {dimension.pk: parse_score(parts[dimension.pk]) for dimension in dimensions}
        total = weighted_total([(values[d.pk], d.weight) for d in dimensions])
    else:
        total = parse_score(value)
    score, _created = Score.objects.update_or_create(
        session=session, examiner=examiner, application_id=application_id, defaults={"value": total}
    )
    for dimension in dimensions:
        ScorePart.objects.update_or_create(score=score, dimension=dimension, defaults={"value": values[dimension.pk]})
    return score


@transaction.atomic
def session_close(*, session_id: int, by: User) -> InterviewSession:
    """Close the session: every eligible examiner has scored every present candidate; the scores lock."""
    session = lock_session_to_run(session_id, Status.STARTED, by=by)
    missing = missing_scores(session)
    if missing:
        names = "; ".join(f"{examiner.name} → {slot.application.person.name}" for examiner, slot in missing[:10])
        raise InterviewError(_("Scores are missing: %(list)s") % {"list": names})
    session.status = Status.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at"])
    log_event(session, "closed", "", by)
    return session


@transaction.atomic
def score_correct(
    *, score_id: int, value: object, reason: str, by: User, client_address: str | None = None
) -> ScoreCorrection:
    """The office corrects a locked score, before the results are published; old and new values are kept, in the
    session's log and in the security audit log, in the same transaction as the change (all three or none).

    ``client_address`` is where the office's request came from, for the audit row.
    """
    session_id = Score.objects.values_list("session_id", flat=True).get(pk=score_id)
    lock_session_to_run(session_id, Status.CLOSED, by=by)
    if not reason.strip():
        raise InterviewError(_("Please give a reason."))
    new_value = parse_score(value)
    score = _lock_score(score_id)
    if score.value == new_value:
        raise InterviewError(_("The new score is the same as the old one."))
    return record_correction(score, new_value, reason, by, client_address=client_address)


def record_correction(
    score: Score, new_value: Decimal, reason: str, by: User, *, client_address: str | None = None, source: str = ""
) -> ScoreCorrection:
    """Change a (locked) score and keep the trace: the correction record, the session's log and the security audit
    log, in the caller's transaction. Online corrections and score sheets imported as corrections both come here."""
    session_id = score.session_id
    correction = ScoreCorrection.objects.create(
        score=score, old_value=score.value, new_value=new_value, reason=reason, by=by
    )
    score.value = new_value
    score.save(update_fields=["value", "updated_at"])
    log_event(score.session, "correction", f"score {score.pk}: {correction.old_value} → {new_value} ({reason})", by)
    audit_record(
        kind=AuditEvent.Kind.SCORE_CORRECTION,
        user=by,
        ip_address=client_address,
        path=reverse("interviews:score_correct", args=[session_id]),
        score=score.pk,
        old=str(correction.old_value),
        new=str(correction.new_value),
        reason=reason,
        **({"source": source} if source else {}),
    )
    return correction


# --- Publishing ------------------------------------------------------------------------------------------


def _publish_post(post: Post, by: User) -> None:
    """Write the post's ranking into its applications; move it on when at least one candidate advances."""
    ranking = post_ranking(post)
    going_on = {row.slot.application_id for row in evaluation_cut(post, ranking).goes_on}
    applications = _lock_applications([row.slot.application_id for row in ranking])
    today = timezone.localdate()
    advanced = 0
    for row in ranking:
        application = applications[row.slot.application_id]
        application.final_score = row.final
        application.interview_rank = row.rank
        application.interview_score = row.interview_score
        application.written_score = written_mark(row.slot, post.campaign)
        application.combined_score = row.final
        application.combined_rank = row.rank
        application.advanced_to_evaluation = row.slot.application_id in going_on
        if application.advanced_to_evaluation:
            advanced += 1
        else:
            application.outcome = Application.Outcome.INTERVIEW_FAILED
            application.outcome_on = today
        application.save(
            update_fields=[
                "final_score", "interview_rank", "interview_score", "written_score", "combined_score", "combined_rank",
                "advanced_to_evaluation", "outcome", "outcome_on", "updated_at",
            ]
        )
    _notify_candidates(post, ranking, applications)
    if advanced:
        workflow.post_start_evaluation(
            post_id=post.pk, by=by, reason=_("Interview results published: %(n)s go on.") % {"n": advanced}
        )


def _notify_candidates(post: Post, ranking: list[ResultRow], applications: dict[int, Application]) -> None:
    """Each candidate is told his own result: his score and rank, and whether he goes on."""
    from notifications.messages import Paragraphs, Text
    from notifications.services import notify

    ranked = sum(1 for row in ranking if row.rank is not None)
    for row in ranking:
        application = applications[row.slot.application_id]
        person = row.slot.application.person
        user = person.user if person.user_id else None
        if user is None:
            continue
        if row.rank is None:
            result = Text(gettext_lazy("You were not ranked in the interview for %(post)s (absent or not scored)."), post=post)
        else:
            result = Text(
                gettext_lazy("Your final interview score for %(post)s is %(score)s, rank %(rank)s of %(count)s."),
                post=post,
                score=row.final,
                rank=row.rank,
                count=ranked,
            )
        if application.advanced_to_evaluation:
            next_step = gettext_lazy(
                "You go on to the democratic evaluation and the organizational inspection. The competition office will "
                "tell you when they take place; nothing is needed from you until then."
            )
        else:
            next_step = gettext_lazy(
                "You do not go on: your application for this post ends here, and nothing more is needed from you. "
                "You may apply for posts in later rounds."
            )
        notify(
            recipients=[user],
            subject=Text(gettext_lazy("Interview results for %(post)s are published"), post=post),
            body=Paragraphs(result, next_step),
            url=reverse("interviews:my_results"),
            kind="interview_results",
        )


@transaction.atomic
def session_publish(*, session_id: int, by: User) -> InterviewSession:
    """Publish the session's results; each post whose sessions are all published gets its ranking and moves on."""
    session = lock_session_to_run(session_id, Status.CLOSED, by=by)
    session.status = Status.PUBLISHED
    session.published_at = timezone.now()
    session.save(update_fields=["status", "published_at"])
    log_event(session, "published", "", by)
    for post in session.posts.select_related("campaign").order_by("pk"):
        if post.status == Post.Status.INTERVIEW and not post.interview_sessions.exclude(status=Status.PUBLISHED).exists():
            _publish_post(post, by)
    return session


# --- Extra interview (加试) ------------------------------------------------------------------------------

EXTRA_INTERVIEW_STEPS = (Post.Status.EVALUATION, Post.Status.INSPECTION)


@transaction.atomic
def extra_interview_record(
    *, application_id: int, value: object, reason: str, by: User, client_address: str | None = None
) -> Application:
    """The office records a candidate's extra interview score (加试) to break a tie of combined scores; the post's
    ranking is computed again (competition.ranking), and a post at inspection fills places the tie held open
    (competition.shortlists). Recorded between the interview's results and the end of the inspection, for a candidate
    in the running whose combined score another candidate in the running shares; old and new value go to the audit
    log with the reason."""
    require_office(by, _("Only the competition office may do this."))
    if not reason.strip():
        raise InterviewError(_("Please give a reason."))
    post_id = Application.objects.values_list("post_id", flat=True).get(pk=application_id)
    post = workflow.lock_post(post_id)
    if post.status not in EXTRA_INTERVIEW_STEPS:
        raise InterviewError(
            _("An extra interview is recorded between the interview's results and the end of the inspection.")
        )
    application = _lock_applications([application_id])[application_id]
    if application.outcome != Application.Outcome.IN_PROGRESS or application.combined_score is None:
        raise InterviewError(_("This candidate is no longer in the running."))
    tied = (
        Application.objects.filter(
            post=post, combined_score=application.combined_score, outcome=Application.Outcome.IN_PROGRESS
        )
        .exclude(pk=application.pk)
        .exists()
    )
    if not tied:
        raise InterviewError(_("No other candidate in the running has the same combined score: there is no tie to break."))
    new_value = parse_score(value)
    old_value = application.extra_interview_score
    application.extra_interview_score = new_value
    application.save(update_fields=["extra_interview_score", "updated_at"])
    audit_record(
        kind=AuditEvent.Kind.SCORE_CORRECTION,
        user=by,
        ip_address=client_address,
        path=reverse("interviews:extra_interview", args=[post.pk]),
        extra_interview=application.pk,
        old=str(old_value) if old_value is not None else "",
        new=str(new_value),
        reason=reason,
    )
    post_rerank(post)
    places_after_tie_break(post, by)
    return application
