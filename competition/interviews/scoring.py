"""Step 4, scoring and results: blind scoring by the examiners, closing, corrections, the ranking and its publication."""

import logging
import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.rules import require_office
from competition import workflow
from competition.interviews.rules import (
    InterviewError,
    RankEntry,
    combined_score,
    parse_score,
    rank_entries,
    trimmed_mean,
    weighted_total,
)
from competition.interviews.services import lock_session, log_event, recusals
from competition.models import (
    Application,
    InterviewSession,
    InterviewSlot,
    Post,
    Score,
    ScoreCorrection,
    ScorePart,
)

logger = logging.getLogger(__name__)

Status = InterviewSession.Status
THOUSANDTH = Decimal("0.001")
HUNDREDTH = Decimal("0.01")


def _check_can_score(session, examiner_id, application_id, recused):
    slot = session.slots.filter(application_id=application_id).first()
    if slot is None:
        raise InterviewError(_("This candidate is not in the session."))
    if slot.absent:
        raise InterviewError(_("This candidate is absent."))
    if (examiner_id, application_id) in recused:
        raise InterviewError(_("You are recused for this candidate."))


@transaction.atomic
def score_save(*, session_id, application_id, by, value=None, parts=None):
    """An examiner saves their score of a candidate; saving again replaces it until the session closes.

    With scoring dimensions, ``parts`` maps each dimension's id to its score and the total is their
    weighted mean; otherwise ``value`` is the total. The session row is locked, so a save never slips in
    after the close, and scores of several examiners saved at the same moment are written one after
    another (each to its own row).
    """
    if not roles.is_examiner(by):
        raise PermissionDenied
    session = InterviewSession.objects.select_for_update().get(pk=session_id)
    examiner = by.examiner
    if not session.examiners.filter(pk=examiner.pk).exists():
        raise PermissionDenied
    if session.status != Status.STARTED:
        raise InterviewError(_("Scores can be entered only while the session is running."))
    _check_can_score(session, examiner.pk, application_id, recusals(session))
    dimensions = list(session.dimensions.all())
    if dimensions:
        parts = parts or {}
        if any(dimension.pk not in parts for dimension in dimensions):
            raise InterviewError(_("Score every dimension."))
        values = {dimension.pk: parse_score(parts[dimension.pk]) for dimension in dimensions}
        value = weighted_total([(values[d.pk], d.weight) for d in dimensions])
    else:
        value = parse_score(value)
    score, _created = Score.objects.update_or_create(
        session=session, examiner=examiner, application_id=application_id, defaults={"value": value}
    )
    for dimension in dimensions:
        ScorePart.objects.update_or_create(score=score, dimension=dimension, defaults={"value": values[dimension.pk]})
    return score


def own_parts(session, user):
    """The user's own per-dimension scores, ``{(application_id, dimension_id): value}``."""
    if not roles.is_examiner(user):
        return {}
    return {
        (application_id, dimension_id): value
        for application_id, dimension_id, value in ScorePart.objects.filter(
            score__session=session, score__examiner=user.examiner
        ).values_list("score__application_id", "dimension_id", "value")
    }


def own_scores(session, user):
    """The user's own scores in the session, ``{application_id: value}`` (blind scoring: nobody else's)."""
    if not roles.is_examiner(user):
        return {}
    return dict(session.scores.filter(examiner=user.examiner).values_list("application_id", "value"))


def missing_scores(session):
    recused = recusals(session)
    examiners = list(session.examiners.all())
    have = set(session.scores.values_list("examiner_id", "application_id"))
    missing = []
    for slot in session.slots.filter(absent=False).select_related("application__person"):
        for examiner in examiners:
            key = (examiner.pk, slot.application_id)
            if key not in recused and key not in have:
                missing.append((examiner, slot))
    return missing


@transaction.atomic
def session_close(*, session_id, by):
    """Close the session: every eligible examiner has scored every present candidate; the scores lock."""
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.STARTED)
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
def score_correct(*, score_id, value, reason, by):
    """The office corrects a locked score, before the results are published; old and new values are kept."""
    require_office(by, _("Only the competition office may do this."))
    if not reason.strip():
        raise InterviewError(_("Please give a reason."))
    value = parse_score(value)
    score = Score.objects.select_related("session").get(pk=score_id)
    lock_session(score.session_id, Status.CLOSED)
    score = Score.objects.select_for_update().get(pk=score_id)
    if score.value == value:
        raise InterviewError(_("The new score is the same as the old one."))
    correction = ScoreCorrection.objects.create(score=score, old_value=score.value, new_value=value, reason=reason, by=by)
    score.value = value
    score.save(update_fields=["value", "updated_at"])
    log_event(score.session, "correction", f"score {score.pk}: {correction.old_value} → {value} ({reason})", by)
    return correction


# --- Results ---------------------------------------------------------------------------------------------


@dataclass
class ResultRow:
    slot: InterviewSlot
    scores: dict  # examiner_id -> value (recused examiners absent)
    interview_score: Decimal | None
    final: Decimal | None
    rank: int | None = None


def session_result_rows(session):
    """Each candidate of the session with all scores and the final score (for the office)."""
    campaign = session.campaign
    by_application = {}
    for application_id, examiner_id, value in session.scores.values_list("application_id", "examiner_id", "value"):
        by_application.setdefault(application_id, {})[examiner_id] = value
    rows = []
    for slot in session.slots.select_related("application__person", "application__post__unit").order_by("order", "pk"):
        scores = {} if slot.absent else by_application.get(slot.application_id, {})
        interview = trimmed_mean(scores.values(), campaign.trim_each_end)
        rows.append(
            ResultRow(
                slot=slot,
                scores=scores,
                interview_score=interview,
                final=combined_score(interview, slot.written_score, campaign.written_exam_weight),
            )
        )
    return rows


def post_ranking(post):
    """The post's candidates across its closed or published sessions, ranked (best first)."""
    rows = []
    for session in post.interview_sessions.filter(status__in=[Status.CLOSED, Status.PUBLISHED]).select_related(
        "campaign"
    ):
        rows += [row for row in session_result_rows(session) if row.slot.application.post_id == post.pk]
    entries = {
        row.slot.application_id: RankEntry(
            key=row.slot.application_id, final=row.final, written=row.slot.written_score, order=row.slot.order
        )
        for row in rows
    }
    by_key = {row.slot.application_id: row for row in rows}
    ranked = []
    for entry, rank in rank_entries(entries.values()):
        row = by_key[entry.key]
        row.rank = rank
        ranked.append(row)
    return ranked


def advance_limit(post, interviewed=None):
    """How many of the post's candidates go on: the count per place, or the campaign's share of those
    interviewed (rounded up, at least one per place)."""
    campaign = post.campaign
    if campaign.advance_percent:
        if interviewed is None:
            interviewed = InterviewSlot.objects.filter(application__post=post, absent=False).count()
        return max(post.places, math.ceil(interviewed * campaign.advance_percent / 100))
    return campaign.advance_count * post.places


def _publish_post(post, by):
    """Write the post's ranking into its applications; move it on when at least one candidate advances."""
    ranking = post_ranking(post)
    limit = advance_limit(post, interviewed=sum(1 for row in ranking if row.rank is not None))
    today = timezone.localdate()
    advanced = 0
    for row in ranking:
        application = Application.objects.select_for_update().get(pk=row.slot.application_id)
        application.final_score = row.final
        application.interview_rank = row.rank
        application.advanced_to_evaluation = row.rank is not None and row.rank <= limit
        if application.advanced_to_evaluation:
            advanced += 1
        else:
            application.outcome = Application.Outcome.INTERVIEW_FAILED
            application.outcome_on = today
        application.save(
            update_fields=["final_score", "interview_rank", "advanced_to_evaluation", "outcome", "outcome_on", "updated_at"]
        )
    _notify_candidates(post, ranking)
    if advanced:
        workflow.post_start_evaluation(
            post_id=post.pk, by=by, reason=_("Interview results published: %(n)s go on.") % {"n": advanced}
        )


def _notify_candidates(post, ranking):
    from django.urls import reverse

    from notifications.services import notify

    users = [row.slot.application.person.user for row in ranking if row.slot.application.person.user_id]
    if users:
        notify(
            recipients=users,
            subject=_("Interview results for %(post)s are published") % {"post": post},
            url=reverse("interviews:my_results"),
            kind="interview_results",
        )


@transaction.atomic
def session_publish(*, session_id, by):
    """Publish the session's results; each post whose sessions are all published gets its ranking and moves on."""
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.CLOSED)
    session.status = Status.PUBLISHED
    session.published_at = timezone.now()
    session.save(update_fields=["status", "published_at"])
    log_event(session, "published", "", by)
    for post in session.posts.select_related("campaign").order_by("pk"):
        if post.status == Post.Status.INTERVIEW and not post.interview_sessions.exclude(status=Status.PUBLISHED).exists():
            _publish_post(post, by)
    return session


def candidate_results(user):
    """The user's own interview results, once published."""
    if not roles.is_candidate(user):
        return InterviewSlot.objects.none()
    return (
        InterviewSlot.objects.filter(application__person=user.person, session__status=Status.PUBLISHED)
        .select_related("session", "application__post__unit")
        .order_by("-session__published_at")
    )
