"""Step 4, the interview (面试): examiner pool, recusal, sessions, lot draw, question bank, blind scoring,
score sheets and ranking.

A session goes planned → started → closed → published. While planned the office sets its examiners,
draws the candidates' order and picks its questions; starting needs enough eligible examiners for every
candidate; while started each examiner scores (blind: they see only their own scores); closing locks the
scores (only the office corrects them afterwards, with a reason, logged); publishing writes each post's
ranking into its applications and, once every session of a post is published, moves the post on to
democratic evaluation through ``competition.workflow``.
"""

import io
import logging
import math
import random
import re
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from competition import workflow
from competition.models import (
    Application,
    Examiner,
    ExaminerRelative,
    InterviewEvent,
    InterviewSession,
    InterviewSlot,
    Post,
    Question,
    Recusal,
    Score,
    ScoreCorrection,
    ScoreDimension,
    ScorePart,
)

logger = logging.getLogger(__name__)

Status = InterviewSession.Status
THOUSANDTH = Decimal("0.001")
HUNDREDTH = Decimal("0.01")


class InterviewError(Exception):
    """An interview action that cannot happen now; the message is for the user."""


# --- Pure rules: the final score, the ranking, the draw -------------------------------------------------


def trimmed_mean(scores, trim_each_end=1):
    """The mean of ``scores`` after dropping ``trim_each_end`` highest and as many lowest.

    Scores are dropped only when at least 5 remain to count from (a recused examiner's score is simply
    absent from ``scores``) and something is left after dropping. Returns a Decimal to 3 places, or None.
    """
    values = sorted(Decimal(str(s)) for s in scores)
    if not values:
        return None
    k = trim_each_end if len(values) >= 5 and len(values) > 2 * trim_each_end else 0
    kept = values[k : len(values) - k]
    return (sum(kept) / len(kept)).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def combined_score(interview_score, written_score, written_weight):
    """The final score: the interview score alone, or weighted with the written exam (weight in percent).

    A candidate without a written score counts 0 for it when the campaign weighs the written exam.
    """
    if interview_score is None:
        return None
    if not written_weight:
        return Decimal(interview_score).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)
    written = Decimal(str(written_score)) if written_score is not None else Decimal(0)
    total = (Decimal(interview_score) * (100 - written_weight) + written * written_weight) / 100
    return total.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def weighted_total(parts):
    """An examiner's total from per-dimension scores ``[(value, weight)]``: the weighted mean, to 2 places."""
    parts = [(Decimal(str(value)), int(weight)) for value, weight in parts]
    weights = sum(weight for _value, weight in parts)
    if not parts or weights <= 0:
        return None
    total = sum(value * weight for value, weight in parts) / weights
    return total.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RankEntry:
    key: int  # the application's id: the last, stable tie-break
    final: Decimal | None
    written: Decimal | None = None
    order: int | None = None


def rank_entries(entries):
    """``[(entry, rank)]`` best first. Ties: the higher final score, then the higher written score, then the
    earlier drawn order. Entries without a final score (absent) come last with rank None."""

    def sort_key(entry):
        return (
            entry.final is None,
            -(entry.final or 0),
            entry.written is None,
            -(entry.written or 0),
            entry.order is None,
            entry.order or 0,
            entry.key,
        )

    ranked = []
    for position, entry in enumerate(sorted(entries, key=sort_key), start=1):
        ranked.append((entry, position if entry.final is not None else None))
    return ranked


def new_seed():
    return secrets.token_hex(16)


def draw_order(seed, application_ids):
    """The drawn order of the applications: a shuffle fully determined by ``seed`` (reproducible)."""
    ids = sorted(application_ids)
    random.Random(seed).shuffle(ids)
    return ids


# --- Access ----------------------------------------------------------------------------------------------


def _require_office(user):
    if not roles.is_office(user):
        raise PermissionDenied(_("Only the competition office may do this."))


def get_session_for_office(user, session_id):
    _require_office(user)
    return get_object_or_404(InterviewSession.objects.select_related("campaign"), pk=session_id)


def sessions_for_examiner(user):
    if not roles.is_examiner(user):
        return InterviewSession.objects.none()
    return InterviewSession.objects.filter(examiners=user.examiner).select_related("campaign")


def get_session_for_examiner(user, session_id):
    """A session the user examines: 403 for someone who is not an examiner, 404 for another session."""
    if not roles.is_examiner(user):
        raise PermissionDenied
    return get_object_or_404(sessions_for_examiner(user), pk=session_id)


# --- Recusal ---------------------------------------------------------------------------------------------


def recusals(session):
    """``{(examiner_id, application_id): reason}`` for the session: same unit, declared relative, office."""
    examiners = list(session.examiners.all())
    slots = list(session.slots.select_related("application__person"))
    result = {}
    relatives = {
        (r.examiner_id, r.person_id): r.get_kind_display()
        for r in ExaminerRelative.objects.filter(
            examiner__in=examiners, person__in=[slot.application.person_id for slot in slots]
        )
    }
    for examiner in examiners:
        for slot in slots:
            application = slot.application
            units = {application.applicant_unit_id, application.person.current_unit_id} - {None}
            if examiner.unit_id and examiner.unit_id in units:
                result[(examiner.pk, application.pk)] = _("Same unit as the candidate")
            elif (examiner.pk, application.person_id) in relatives:
                result[(examiner.pk, application.pk)] = _("Declared relative: %(kind)s") % {
                    "kind": relatives[(examiner.pk, application.person_id)]
                }
    for recusal in session.recusals.all():
        result.setdefault((recusal.examiner_id, recusal.application_id), recusal.reason)
    return result


def _log(session, kind, detail, by):
    InterviewEvent.objects.create(session=session, kind=kind, detail=detail, by=by if by and by.pk else None)
    logger.info("interview session %s: %s %s", session.pk, kind, detail)


def _locked_session(session_id, *statuses):
    session = InterviewSession.objects.select_for_update().select_related("campaign").get(pk=session_id)
    if statuses and session.status not in statuses:
        raise InterviewError(
            _("The session is now “%(status)s”; this is no longer possible.") % {"status": session.get_status_display()}
        )
    return session


# --- The pool and the bank -------------------------------------------------------------------------------


@transaction.atomic
def examiner_create(*, by, name, unit=None, title="", specialties="", user=None):
    _require_office(by)
    return Examiner.objects.create(name=name, unit=unit, title=title, specialties=specialties, user=user)


@transaction.atomic
def examiner_add_relative(*, examiner_id, person, kind, by):
    _require_office(by)
    examiner = Examiner.objects.select_for_update().get(pk=examiner_id)
    relative, _created = ExaminerRelative.objects.update_or_create(
        examiner=examiner, person=person, defaults={"kind": kind}
    )
    return relative


@transaction.atomic
def question_create(*, by, category, text, unit_kind="", notes=""):
    _require_office(by)
    return Question.objects.create(category=category, text=text, unit_kind=unit_kind, notes=notes)


def questions_visible(session, user):
    """The session's questions: the office always, the session's examiners once it has started."""
    if roles.is_office(user):
        return session.questions.all()
    if session.status != Status.PLANNED and roles.is_examiner(user) and session.examiners.filter(pk=user.examiner.pk).exists():
        return session.questions.all()
    return Question.objects.none()


# --- Sessions --------------------------------------------------------------------------------------------


def interviewable_posts(campaign):
    return campaign.posts.filter(status=Post.Status.INTERVIEW).select_related("unit")


@transaction.atomic
def session_create(*, campaign, name, posts, by, date=None, start_time=None, venue=""):
    """A session for one post or several posts of the same kind of unit, with their qualified candidates."""
    _require_office(by)
    posts = list(posts)
    if not posts:
        raise InterviewError(_("Choose at least one post."))
    for post in posts:
        if post.campaign_id != campaign.pk or post.status != Post.Status.INTERVIEW:
            raise InterviewError(_("“%(post)s” is not at the interview step of this campaign.") % {"post": post})
    if len({post.unit.kind for post in posts}) > 1:
        raise InterviewError(_("The posts of one session must be of the same kind."))
    if InterviewSession.objects.filter(campaign=campaign, name=name).exists():
        raise InterviewError(_("This campaign already has a session of that name."))
    session = InterviewSession.objects.create(
        campaign=campaign, name=name, date=date, start_time=start_time, venue=venue
    )
    session.posts.set(posts)
    applications = Application.objects.filter(post__in=posts, status=Application.Status.QUALIFIED).exclude(
        interview_slots__isnull=False
    )
    InterviewSlot.objects.bulk_create([InterviewSlot(session=session, application=a) for a in applications])
    _log(session, "created", ", ".join(str(p) for p in posts), by)
    return session


@transaction.atomic
def session_set_examiners(*, session_id, examiner_ids, by):
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED)
    examiners = list(Examiner.objects.filter(pk__in=examiner_ids, active=True))
    if len(examiners) != len(set(examiner_ids)):
        raise InterviewError(_("Choose examiners from the pool."))
    session.examiners.set(examiners)
    _log(session, "examiners", ", ".join(e.name for e in examiners), by)
    return session


@transaction.atomic
def session_add_recusal(*, session_id, examiner_id, application_id, reason, by):
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED, Status.STARTED)
    if not reason.strip():
        raise InterviewError(_("Please give a reason."))
    if not session.examiners.filter(pk=examiner_id).exists() or not session.slots.filter(
        application_id=application_id
    ).exists():
        raise InterviewError(_("Choose an examiner and a candidate of this session."))
    if session.scores.filter(examiner_id=examiner_id, application_id=application_id).exists():
        raise InterviewError(_("This examiner has already scored this candidate."))
    recusal, _created = Recusal.objects.get_or_create(
        session=session, examiner_id=examiner_id, application_id=application_id, defaults={"reason": reason, "by": by}
    )
    _log(session, "recusal", f"examiner {examiner_id} / application {application_id}: {reason}", by)
    return recusal


def parse_dimensions(text):
    """``[(name, weight)]`` from lines like “综合分析 30”; InterviewError naming the bad line."""
    dimensions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, weight = line.strip().rpartition(" ")
        try:
            weight = int(weight)
        except ValueError:
            weight = 0
        if not name.strip() or not 1 <= weight <= 100 or len(name.strip()) > 50:
            raise InterviewError(_("Line %(n)s: write a name, a space and a weight from 1 to 100.") % {"n": number})
        if name.strip() in [d[0] for d in dimensions]:
            raise InterviewError(_("Line %(n)s: this dimension appears twice.") % {"n": number})
        dimensions.append((name.strip(), weight))
    return dimensions


@transaction.atomic
def session_set_dimensions(*, session_id, dimensions, by):
    """Replace the session's scoring dimensions (empty: a single total). Only before the session starts."""
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED)
    session.dimensions.all().delete()
    ScoreDimension.objects.bulk_create(
        [ScoreDimension(session=session, name=name, weight=weight, position=i) for i, (name, weight) in enumerate(dimensions)]
    )
    _log(session, "dimensions", ", ".join(f"{name} {weight}" for name, weight in dimensions), by)
    return session


@transaction.atomic
def session_draw(*, session_id, by):
    """Draw the candidates' order by lot, once: a random seed, recorded and logged, decides it."""
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED)
    if session.draw_seed:
        raise InterviewError(_("The order has already been drawn."))
    slots = {slot.application_id: slot for slot in session.slots.all()}
    if not slots:
        raise InterviewError(_("The session has no candidates."))
    seed = new_seed()
    order = draw_order(seed, slots)
    for number, application_id in enumerate(order, start=1):
        slots[application_id].order = number
    InterviewSlot.objects.bulk_update(slots.values(), ["order"])
    session.draw_seed = seed
    session.drawn_at = timezone.now()
    session.save(update_fields=["draw_seed", "drawn_at"])
    _log(session, "draw", f"seed={seed} order={order}", by)
    return session


def verify_draw(session):
    """True when the recorded order is the one the recorded seed gives."""
    slots = list(session.slots.all())
    expected = draw_order(session.draw_seed, [slot.application_id for slot in slots])
    return [slot.application_id for slot in sorted(slots, key=lambda s: s.order or 0)] == expected


@transaction.atomic
def session_pick_questions(*, session_id, question_ids, by):
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED)
    questions = list(Question.objects.filter(pk__in=question_ids, active=True))
    session.questions.set(questions)
    _log(session, "questions", f"picked {len(questions)}", by)
    return session


def questions_for(session):
    kinds = {post.unit.kind for post in session.posts.select_related("unit")}
    return Question.objects.filter(active=True).filter(Q(unit_kind="") | Q(unit_kind__in=kinds))


@transaction.atomic
def session_draw_questions(*, session_id, count, by, category=""):
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED)
    pool = questions_for(session)
    if category:
        pool = pool.filter(category=category)
    ids = list(pool.values_list("pk", flat=True))
    if count < 1 or count > len(ids):
        raise InterviewError(_("The bank has %(n)s suitable questions.") % {"n": len(ids)})
    chosen = secrets.SystemRandom().sample(ids, count)
    session.questions.set(chosen)
    _log(session, "questions", f"drew {sorted(chosen)}", by)
    return session


@transaction.atomic
def slot_set_absent(*, session_id, slot_id, absent, by):
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED, Status.STARTED)
    slot = get_object_or_404(session.slots, pk=slot_id)
    if absent and session.scores.filter(application_id=slot.application_id).exists():
        raise InterviewError(_("This candidate already has scores."))
    slot.absent = absent
    slot.save(update_fields=["absent"])
    _log(session, "absent" if absent else "present", str(slot.application_id), by)
    return slot


@transaction.atomic
def slot_set_written_score(*, session_id, slot_id, value, by):
    """The office records a candidate's written exam score (blank clears it), until the results are published."""
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED, Status.STARTED, Status.CLOSED)
    slot = get_object_or_404(session.slots, pk=slot_id)
    old = slot.written_score
    slot.written_score = parse_score(value) if str(value).strip() else None
    slot.save(update_fields=["written_score"])
    _log(session, "written", f"application {slot.application_id}: {old} → {slot.written_score}", by)
    return slot


def eligibility_problems(session):
    """Why the session cannot start: too few examiners, or too few eligible for some candidate."""
    needed = session.campaign.examiners_per_session
    examiner_ids = list(session.examiners.values_list("pk", flat=True))
    problems = []
    if len(examiner_ids) < needed:
        problems.append(_("The session needs at least %(n)s examiners.") % {"n": needed})
    recused = recusals(session)
    for slot in session.slots.filter(absent=False).select_related("application__person"):
        eligible = [e for e in examiner_ids if (e, slot.application_id) not in recused]
        if len(eligible) < needed:
            problems.append(
                _("%(name)s has only %(eligible)s eligible examiners (at least %(n)s needed).")
                % {"name": slot.application.person.name, "eligible": len(eligible), "n": needed}
            )
    return problems


@transaction.atomic
def session_start(*, session_id, by):
    _require_office(by)
    session = _locked_session(session_id, Status.PLANNED)
    if not session.draw_seed:
        raise InterviewError(_("Draw the candidates' order first."))
    problems = eligibility_problems(session)
    if problems:
        raise InterviewError(" ".join(problems))
    session.status = Status.STARTED
    session.started_at = timezone.now()
    session.save(update_fields=["status", "started_at"])
    _log(session, "started", "", by)
    _notify_examiners(session)
    return session


def _notify_examiners(session):
    from django.urls import reverse

    from notifications.services import notify

    users = [examiner.user for examiner in session.examiners.select_related("user") if examiner.user_id]
    if users:
        notify(
            recipients=users,
            subject=_("Interview session %(name)s has started: you can score now") % {"name": session.name},
            url=reverse("interviews:examiner_score", args=[session.pk]),
            kind="interview_started",
        )


def parse_score(raw):
    """A score 0–100 with at most two decimals, or InterviewError."""
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise InterviewError(_("Enter a number from 0 to 100.")) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise InterviewError(_("Enter a number from 0 to 100."))
    if value != value.quantize(HUNDREDTH):
        raise InterviewError(_("At most two decimal places."))
    return value.quantize(HUNDREDTH)


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
    _require_office(by)
    session = _locked_session(session_id, Status.STARTED)
    missing = missing_scores(session)
    if missing:
        names = "; ".join(f"{examiner.name} → {slot.application.person.name}" for examiner, slot in missing[:10])
        raise InterviewError(_("Scores are missing: %(list)s") % {"list": names})
    session.status = Status.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at"])
    _log(session, "closed", "", by)
    return session


@transaction.atomic
def score_correct(*, score_id, value, reason, by):
    """The office corrects a locked score, before the results are published; old and new values are kept."""
    _require_office(by)
    if not reason.strip():
        raise InterviewError(_("Please give a reason."))
    value = parse_score(value)
    score = Score.objects.select_related("session").get(pk=score_id)
    _locked_session(score.session_id, Status.CLOSED)
    score = Score.objects.select_for_update().get(pk=score_id)
    if score.value == value:
        raise InterviewError(_("The new score is the same as the old one."))
    correction = ScoreCorrection.objects.create(score=score, old_value=score.value, new_value=value, reason=reason, by=by)
    score.value = value
    score.save(update_fields=["value", "updated_at"])
    _log(score.session, "correction", f"score {score.pk}: {correction.old_value} → {value} ({reason})", by)
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
    _require_office(by)
    session = _locked_session(session_id, Status.CLOSED)
    session.status = Status.PUBLISHED
    session.published_at = timezone.now()
    session.save(update_fields=["status", "published_at"])
    _log(session, "published", "", by)
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


# --- Paper sessions: the score sheet ---------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXAMINER_HEADER = re.compile(r"^#(\d+)\b")
FIRST_EXAMINER_COLUMN = 5  # A order, B application id, C candidate, D post


def safe_text(value):
    """Text written to a sheet never starts like a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def session_sheet(session):
    """The session's score sheet (xlsx bytes): one row per present candidate, one column per examiner."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    recused = recusals(session)
    examiners = list(session.examiners.order_by("pk"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "scores"
    header = [_("Order"), _("Application ID"), _("Candidate"), _("Post")] + [f"#{e.pk} {e.name}" for e in examiners]
    sheet.append([safe_text(str(cell)) for cell in header])
    grey = PatternFill("solid", fgColor="DDDDDD")
    for slot in session.slots.filter(absent=False).select_related("application__person", "application__post__unit").order_by("order", "pk"):
        application = slot.application
        row = [slot.order, application.pk, safe_text(application.person.name), safe_text(str(application.post))]
        row += [safe_text(_("recused")) if (e.pk, application.pk) in recused else None for e in examiners]
        sheet.append(row)
        for offset, examiner in enumerate(examiners):
            if (examiner.pk, application.pk) in recused:
                sheet.cell(row=sheet.max_row, column=FIRST_EXAMINER_COLUMN + offset).fill = grey
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class SheetError:
    row: int | None
    column: str | None
    message: str


class SheetInvalid(InterviewError):
    def __init__(self, errors):
        super().__init__(_("The sheet has errors; nothing was saved."))
        self.errors = errors


def _read_rows(file):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetInvalid([SheetError(None, None, _("This is not an Excel (.xlsx) file."))]) from None
    return rows


def parse_sheet(session, file):
    """Validate the whole sheet; returns ``[(examiner_id, application_id, value)]`` or raises SheetInvalid."""
    from openpyxl.utils import get_column_letter

    rows = _read_rows(file)
    errors = []
    if not rows:
        raise SheetInvalid([SheetError(1, None, _("The sheet is empty."))])
    examiner_ids = set(session.examiners.values_list("pk", flat=True))
    recused = recusals(session)
    columns = {}  # column index -> examiner id
    for index, cell in enumerate(rows[0][FIRST_EXAMINER_COLUMN - 1 :], start=FIRST_EXAMINER_COLUMN):
        if cell is None or str(cell).strip() == "":
            continue
        letter = get_column_letter(index)
        match = EXAMINER_HEADER.match(str(cell).strip())
        if not match or int(match.group(1)) not in examiner_ids:
            errors.append(SheetError(1, letter, _("Unknown examiner “%(cell)s”.") % {"cell": cell}))
        elif int(match.group(1)) in columns.values():
            errors.append(SheetError(1, letter, _("This examiner appears twice.")))
        else:
            columns[index] = int(match.group(1))
    missing_examiners = examiner_ids - set(columns.values())
    for examiner in Examiner.objects.filter(pk__in=missing_examiners):
        errors.append(SheetError(1, None, _("No column for examiner #%(id)s %(name)s.") % {"id": examiner.pk, "name": examiner.name}))

    present = set(session.slots.filter(absent=False).values_list("application_id", flat=True))
    seen = set()
    values = []
    for number, row in enumerate(rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        raw_id = row[1] if len(row) > 1 else None
        try:
            application_id = int(raw_id)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a number too large for a float, read as infinity
            application_id = None
        if application_id is None or application_id not in present:
            errors.append(SheetError(number, "B", _("Unknown candidate “%(cell)s”.") % {"cell": raw_id if raw_id is not None else ""}))
            continue
        if application_id in seen:
            errors.append(SheetError(number, "B", _("This candidate appears twice.")))
            continue
        seen.add(application_id)
        for index, examiner_id in columns.items():
            letter = get_column_letter(index)
            cell = row[index - 1] if len(row) >= index else None
            is_number = isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool)
            if (examiner_id, application_id) in recused:
                if is_number:
                    errors.append(SheetError(number, letter, _("This examiner is recused for this candidate.")))
                continue
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                errors.append(SheetError(number, letter, _("The score is missing.")))
                continue
            try:
                value = parse_score(cell)
            except InterviewError as error:
                errors.append(SheetError(number, letter, str(error)))
                continue
            values.append((examiner_id, application_id, value))
    for application_id in sorted(present - seen):
        errors.append(SheetError(None, "B", _("Candidate with application ID %(id)s is missing.") % {"id": application_id}))
    if errors:
        raise SheetInvalid(errors)
    return values


@transaction.atomic
def session_import_sheet(*, session_id, file, by):
    """Import a paper session's score sheet: all of it, or nothing when any cell is wrong."""
    _require_office(by)
    session = _locked_session(session_id, Status.STARTED)
    values = parse_sheet(session, file)
    for examiner_id, application_id, value in values:
        Score.objects.update_or_create(
            session=session, examiner_id=examiner_id, application_id=application_id, defaults={"value": value}
        )
    _log(session, "import", f"{len(values)} scores", by)
    return len(values)
