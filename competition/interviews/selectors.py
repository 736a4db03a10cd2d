"""Step 4's reads: who is recused for whom, whether a session can start, which questions someone may see, the
examiner's own scores, what is still missing, the result rows and the post's ranking, and the two pages' grids.

Blind scoring lives here too: an examiner's reads return only their own scores.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from competition import shortlists
from competition.interviews.rules import HUNDREDTH, draw_order, trimmed_mean
from competition.models import (
    Application,
    Examiner,
    ExaminerRelative,
    InterviewSession,
    InterviewSlot,
    Post,
    Question,
    ScoreCorrection,
    ScorePart,
)
from competition.ranking import Standing, combined_score, rank_standings, ranked

Status = InterviewSession.Status

Recused = dict[tuple[int, int], str]  # (examiner id, application id) -> the reason


# --- Recusal and readiness -------------------------------------------------------------------------------


def recusals(session: InterviewSession) -> Recused:
    """``{(examiner_id, application_id): reason}`` for the session: the candidate himself (the examiner's account is
    the applicant's), same unit, declared relative, office."""
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
            if examiner.user_id and examiner.user_id == application.person.user_id:
                result[(examiner.pk, application.pk)] = _("The examiner is the candidate")
            elif examiner.unit_id and examiner.unit_id in units:
                result[(examiner.pk, application.pk)] = _("Same unit as the candidate")
            elif (examiner.pk, application.person_id) in relatives:
                result[(examiner.pk, application.pk)] = _("Declared relative: %(kind)s") % {
                    "kind": relatives[(examiner.pk, application.person_id)]
                }
    for recusal in session.recusals.all():
        result.setdefault((recusal.examiner_id, recusal.application_id), recusal.reason)
    return result


def examiner_own_applications(examiner: Examiner) -> QuerySet[Application]:
    """The applications made with the examiner's own account (the examiner applying himself), newest first."""
    if not examiner.user_id:
        return Application.objects.none()
    return (
        Application.objects.filter(person__user_id=examiner.user_id)
        .select_related("post__campaign", "post__unit", "person")
        .order_by("-pk")
    )


def session_conflicts(session: InterviewSession) -> list[tuple[Examiner, Application]]:
    """The session's examiners who applied, with their own account, in the session's campaign: flagged to the office
    (scoring themselves is refused anyway by ``recusals``)."""
    conflicts = []
    for examiner in session.examiners.all():
        for application in examiner_own_applications(examiner).filter(post__campaign_id=session.campaign_id):
            conflicts.append((examiner, application))
    return conflicts


def eligibility_problems(session: InterviewSession) -> list[str]:
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


def verify_draw(session: InterviewSession) -> bool:
    """True when the recorded order is the one the recorded seed gives."""
    slots = list(session.slots.all())
    expected = draw_order(session.draw_seed, [slot.application_id for slot in slots])
    return [slot.application_id for slot in sorted(slots, key=lambda s: s.order or 0)] == expected


# --- Questions -------------------------------------------------------------------------------------------


def questions_for(session: InterviewSession) -> QuerySet[Question]:
    """The bank's active questions that suit the kind of unit of the session's posts."""
    kinds = {post.unit.kind for post in session.posts.select_related("unit")}
    return Question.objects.filter(active=True).filter(Q(unit_kind="") | Q(unit_kind__in=kinds))


def questions_visible(session: InterviewSession, user: User) -> QuerySet[Question]:
    """The session's questions: the office always, the session's examiners once it has started."""
    if roles.is_office(user):
        return session.questions.all()
    if session.status != Status.PLANNED and roles.is_examiner(user) and session.examiners.filter(pk=user.examiner.pk).exists():
        return session.questions.all()
    return Question.objects.none()


# --- Scores ----------------------------------------------------------------------------------------------


def own_parts(session: InterviewSession, user: User) -> dict[tuple[int, int], Decimal]:
    """The user's own per-dimension scores, ``{(application_id, dimension_id): value}``."""
    if not roles.is_examiner(user):
        return {}
    return {
        (application_id, dimension_id): value
        for application_id, dimension_id, value in ScorePart.objects.filter(
            score__session=session, score__examiner=user.examiner
        ).values_list("score__application_id", "dimension_id", "value")
    }


def own_scores(session: InterviewSession, user: User) -> dict[int, Decimal]:
    """The user's own scores in the session, ``{application_id: value}`` (blind scoring: nobody else's)."""
    if not roles.is_examiner(user):
        return {}
    return dict(session.scores.filter(examiner=user.examiner).values_list("application_id", "value"))


def missing_scores(session: InterviewSession) -> list[tuple[Examiner, InterviewSlot]]:
    """Each (examiner, present candidate) still without a score, leaving out the recused pairs."""
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


# --- Results ---------------------------------------------------------------------------------------------


def written_mark(slot: InterviewSlot, campaign) -> Decimal | None:
    """The written exam's part of the combined score: the mark the written exam published
    (``Application.written_score``, competition.written) when the campaign holds one; otherwise the score the office
    typed into the interview slot, as campaigns did before the written exam was a step of its own."""
    return slot.application.written_score if campaign.has_written_exam else slot.written_score


@dataclass
class ResultRow:
    slot: InterviewSlot
    scores: dict[int, Decimal]  # examiner_id -> value (recused examiners absent)
    interview_score: Decimal | None
    final: Decimal | None
    rank: int | None = None
    cells: list[dict[str, Any]] = field(default_factory=list)  # the office's grid: one per examiner


def session_result_rows(session: InterviewSession) -> list[ResultRow]:
    """Each candidate of the session with all scores and the final score (for the office)."""
    campaign = session.campaign
    by_application: dict[int, dict[int, Decimal]] = {}
    for application_id, examiner_id, value in session.scores.values_list("application_id", "examiner_id", "value"):
        by_application.setdefault(application_id, {})[examiner_id] = value
    rows = []
    for slot in session.slots.select_related("application__person", "application__post__unit").order_by("order", "pk"):
        scores = {} if slot.absent else by_application.get(slot.application_id, {})
        # The interview score to two decimals, rounded once from the exact mean: it is a part of the combined score
        # shown beside it, and the combined score must follow from the parts shown.
        interview = trimmed_mean(scores.values(), campaign.trim_each_end, quantum=HUNDREDTH)
        rows.append(
            ResultRow(
                slot=slot,
                scores=scores,
                interview_score=interview,
                final=combined_score(campaign, interview=interview, written=written_mark(slot, campaign)),
            )
        )
    return rows


def post_ranking(post: Post) -> list[ResultRow]:
    """The post's candidates across its closed or published sessions, ranked (best first) by the combined score so
    far (written exam and interview) and the campaign's tie rule: tied candidates share a rank."""
    rows = []
    for session in post.interview_sessions.filter(status__in=[Status.CLOSED, Status.PUBLISHED]).select_related(
        "campaign"
    ):
        rows += [row for row in session_result_rows(session) if row.slot.application.post_id == post.pk]
    extra = dict(
        post.applications.filter(extra_interview_score__isnull=False).values_list("pk", "extra_interview_score")
    )
    standings = [
        Standing(
            key=row.slot.application_id,
            combined=row.final,
            interview=row.interview_score,
            written=written_mark(row.slot, post.campaign),
            extra=extra.get(row.slot.application_id),
        )
        for row in rows
    ]
    by_key = {row.slot.application_id: row for row in rows}
    result = []
    for standing, rank in rank_standings(standings, post.campaign.tie_rule):
        row = by_key[standing.key]
        row.rank = rank
        result.append(row)
    return result


def combined_standings(post: Post) -> list[dict[str, Any]]:
    """The post's combined scores with their parts (stored when the interview's results were published, updated by
    the evaluation and extra interviews), best first; ``tied`` marks a candidate in the running whose combined score
    another candidate in the running shares (an extra interview can break it)."""
    applications = list(ranked(post.applications.filter(interview_score__isnull=False).select_related("person")))
    in_running = [a.combined_score for a in applications if a.outcome == Application.Outcome.IN_PROGRESS]
    return [
        {
            "application": application,
            "tied": application.outcome == Application.Outcome.IN_PROGRESS and in_running.count(application.combined_score) > 1,
        }
        for application in applications
    ]


def advance_limit(post: Post, interviewed: int | None = None) -> int:
    """How many of the post's candidates go on to the evaluation (competition.shortlists)."""
    return shortlists.evaluation_limit(post, interviewed)


def evaluation_cut(post: Post, ranking: list[ResultRow] | None = None) -> shortlists.Cut[ResultRow]:
    """The interview's ranking cut at the evaluation's line: those tied at the line are listed and all go on."""
    ranking = post_ranking(post) if ranking is None else ranking
    interviewed = sum(1 for row in ranking if row.rank is not None)
    return shortlists.cut(ranking, advance_limit(post, interviewed), lambda row: row.rank)


def candidate_results(user: User) -> QuerySet[InterviewSlot]:
    """The user's own interview results, once published."""
    if not roles.is_candidate(user):
        return InterviewSlot.objects.none()
    return (
        InterviewSlot.objects.filter(application__person=user.person, session__status=Status.PUBLISHED)
        .select_related("session", "application__post__unit", "application__post__campaign")
        .order_by("-session__published_at")
    )


# --- The pages -------------------------------------------------------------------------------------------


def session_overview(session: InterviewSession) -> dict[str, Any]:
    """What the office's session page shows: the score grid (examiner × candidate, with recusals), what stops the
    start, the pool and the bank to choose from, the log and the corrections."""
    recused = recusals(session)
    examiners = list(session.examiners.order_by("pk"))
    scores = {(s.examiner_id, s.application_id): s for s in session.scores.all()}
    rows = session_result_rows(session)
    for row in rows:
        row.cells = [
            {
                "examiner": examiner,
                "score": scores.get((examiner.pk, row.slot.application_id)),
                "recused": recused.get((examiner.pk, row.slot.application_id)),
            }
            for examiner in examiners
        ]
    return {
        "examiners": examiners,
        "rows": rows,
        "problems": eligibility_problems(session) if session.status == Status.PLANNED else [],
        "conflicts": session_conflicts(session),
        "pool": Examiner.objects.filter(active=True),
        "bank": questions_for(session),
        "questions": session.questions.all(),
        "dimensions": session.dimensions.all(),
        "events": session.events.select_related("by"),
        "corrections": ScoreCorrection.objects.filter(score__session=session).select_related("score__examiner", "by"),
    }


def examiner_candidate_count(session: InterviewSession) -> int:
    return session.slots.count()


def examiner_slots(session: InterviewSession, user: User) -> list[dict[str, Any]]:
    """The examiner's page: each candidate in the drawn order with the user's own score (and parts), and whether
    they are recused for them. Nothing while the session is planned: the examiners learn who the candidates are and
    the drawn order only when it starts (``examiner_candidate_count`` is all they get before)."""
    if session.status == Status.PLANNED:
        return []
    dimensions = list(session.dimensions.all())
    recused = recusals(session)
    mine = own_scores(session, user)
    my_parts = own_parts(session, user)
    return [
        {
            "slot": slot,
            "score": mine.get(slot.application_id),
            "recused": (user.examiner.pk, slot.application_id) in recused,
            "parts": [{"dimension": d, "value": my_parts.get((slot.application_id, d.pk))} for d in dimensions],
        }
        for slot in session.slots.select_related("application__person").order_by("order", "pk")
    ]
