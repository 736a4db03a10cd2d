"""The ranking the steps after the interview use: who goes on to the evaluation, who is chosen for the places, who
is inspected next, who moves up as a substitute (递补). One module, so that what ranks candidates (the combined score,
综合成绩, with the campaign's tie rule) changes every one of those steps together.

The arithmetic is the rules' own: each part (written exam, interview, democratic evaluation where the campaign
scores it) times its weight in percent, summed and rounded to two decimals half up (0.005 goes up). A part not taken
yet (the evaluation, at the interview's publication) counts nothing, the same for every candidate of the post, so the
order stays the one the finished score will give to the candidates it still concerns. Equal combined scores are
ranked by the campaign's tie rule, then by an extra interview (加试) if the office recorded one; candidates the rule
leaves equal share a rank, and the steps show such a tie instead of breaking it silently (competition.shortlists).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, QuerySet

from competition.models import Application, Campaign, Post

HUNDREDTH = Decimal("0.01")
TieRule = Campaign.TieRule


def to_hundredths(value: Decimal | int | str) -> Decimal:
    """``value`` to two decimals, half up (the rules' rounding: 80.005 → 80.01)."""
    return Decimal(str(value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def combined_score(
    campaign: Campaign,
    *,
    interview: Decimal | None,
    written: Decimal | None = None,
    evaluation: Decimal | None = None,
) -> Decimal | None:
    """The combined score to two decimals, or None for a candidate without an interview score (absent).

    A missing written score counts 0 where the campaign weighs the written exam (the candidate did not sit it); a
    missing evaluation score counts 0 too (the evaluation has not taken place, or the candidate did not go on)."""
    if interview is None:
        return None
    total = (
        Decimal(interview) * campaign.interview_weight
        + Decimal(written or 0) * campaign.written_exam_weight
        + Decimal(evaluation or 0) * campaign.evaluation_weight
    ) / 100
    return to_hundredths(total)


@dataclass(frozen=True)
class Standing:
    """One candidate's figures for the ranking; ``key`` is the application's id."""

    key: int
    combined: Decimal | None
    interview: Decimal | None = None
    written: Decimal | None = None
    extra: Decimal | None = None


def _tie_key(standing: Standing, rule: str) -> tuple:
    """What orders equal combined scores under ``rule``, higher first (negated). A part a candidate lacks ranks below
    any value (-1)."""

    def part(value: Decimal | None) -> Decimal:
        return -(value if value is not None else Decimal(-1))

    if rule == TieRule.WRITTEN_FIRST:
        return (part(standing.written), part(standing.interview))
    if rule == TieRule.EXTRA_INTERVIEW:
        return ()
    return (part(standing.interview), part(standing.written))


def rank_standings(standings: Iterable[Standing], rule: str) -> list[tuple[Standing, int | None]]:
    """``[(standing, rank)]`` best first. Equal after the rule: the extra interview decides once every candidate of
    the tied group has one (one recorded before the other's changes nothing yet); still equal: the same rank (1, 2, 2,
    4), listed by application id only for a stable display. Without a combined score (absent): last, rank None."""
    scored = sorted(
        (s for s in standings if s.combined is not None), key=lambda s: (-s.combined, _tie_key(s, rule), s.key)
    )
    unscored = sorted((s for s in standings if s.combined is None), key=lambda s: s.key)
    groups: list[list[Standing]] = []
    for standing in scored:
        if groups and (groups[-1][0].combined, _tie_key(groups[-1][0], rule)) == (standing.combined, _tie_key(standing, rule)):
            groups[-1].append(standing)
        else:
            groups.append([standing])
    result: list[tuple[Standing, int | None]] = []
    position = 0
    for group in groups:
        if len(group) > 1 and all(s.extra is not None for s in group):
            group.sort(key=lambda s: (-s.extra, s.key))
            sub_rank = 0
            previous = None
            for offset, standing in enumerate(group, start=1):
                if standing.extra != previous:
                    sub_rank, previous = position + offset, standing.extra
                result.append((standing, sub_rank))
        else:
            result += [(standing, position + 1) for standing in group]
        position += len(group)
    return result + [(standing, None) for standing in unscored]


def standing_of(application: Application) -> Standing:
    return Standing(
        key=application.pk,
        combined=application.combined_score,
        interview=application.interview_score,
        written=application.written_score,
        extra=application.extra_interview_score,
    )


@transaction.atomic
def post_rerank(post: Post) -> list[Application]:
    """Recompute the combined score and rank of the post's scored candidates from their stored parts (after the
    evaluation's close or an extra interview) and save them; the post's caller holds its row lock."""
    campaign = post.campaign
    applications = list(
        Application.objects.select_for_update(of=("self",)).filter(post=post, interview_score__isnull=False).order_by("pk")
    )
    for application in applications:
        application.combined_score = combined_score(
            campaign,
            interview=application.interview_score,
            written=application.written_score,
            evaluation=application.evaluation_score,
        )
    ranks = {standing.key: rank for standing, rank in rank_standings(map(standing_of, applications), campaign.tie_rule)}
    for application in applications:
        application.combined_rank = ranks[application.pk]
        application.save(update_fields=["combined_score", "combined_rank", "updated_at"])
    return applications


def ranked(applications: QuerySet[Application]) -> QuerySet[Application]:
    """``applications`` best first: by the rank of the combined score (unranked last), then the interview's rank (for
    candidates ranked before the combined score existed), then by the order of application."""
    return applications.order_by(
        F("combined_rank").asc(nulls_last=True), F("interview_rank").asc(nulls_last=True), "pk"
    )
