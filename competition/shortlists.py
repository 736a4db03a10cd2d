"""Shortlist ratios (差额): how many of a post's candidates go on from one stage to the next, as a ratio to the post's
places, and where the line falls. One rule for every stage (the written exam into the interview, the interview into
the democratic evaluation, the evaluation into inspection, and the places themselves), so that they agree on what a
tie at the line is.

The order is competition.ranking's (the combined score, then the campaign's tie rule, then an extra interview).
Candidates the tie rule leaves equal share a rank; when such a group straddles the line, none of them is cut off
silently: ``Cut.tied`` lists them, every step shows them, and a step that lets candidates on goes on with the whole
group (``Cut.goes_on``) while the places themselves wait for the office to break the tie with an extra interview
(加试): nobody of the group is chosen before (competition.inspection.services.candidates_choose).

The campaign's defaults (shown on its rules page): 1:3 into the interview when there is a written exam
(``interview_ratio``), 1:2 into the evaluation (``advance_count``, or ``advance_percent`` of those interviewed), and
inspection at places + ``inspection_extra`` (0: as many as places; 1: 差额 at places + 1)."""

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import QuerySet

from competition.models import Application, InterviewSlot, Post
from competition.ranking import ranked

T = TypeVar("T")


@dataclass
class Cut(Generic[T]):
    """The candidates on either side of a line after ``limit`` places, in ranking order."""

    limit: int
    inside: list[T] = field(default_factory=list)  # above the line, the whole of their rank
    tied: list[T] = field(default_factory=list)  # one rank straddling the line: shown, never split silently
    outside: list[T] = field(default_factory=list)  # below the line, or unranked (absent)

    @property
    def goes_on(self) -> list[T]:
        """Who goes on to a stage with room for ``limit``: those inside and the whole group tied at the line."""
        return self.inside + self.tied

    @property
    def tie_at_line(self) -> bool:
        return bool(self.tied)


def cut(rows: Sequence[T], limit: int, key: Callable[[T], Hashable | None]) -> Cut[T]:
    """Split ``rows`` (best first) after ``limit`` places. Rows with equal ``key`` are tied; a row whose key is None
    (not ranked: absent, not scored) is always outside. With fewer ranked rows than ``limit``, all of them are inside."""
    result: Cut[T] = Cut(limit=limit)
    position = 0
    index = 0
    ranked_rows = [row for row in rows if key(row) is not None]
    while index < len(ranked_rows):
        group = [ranked_rows[index]]
        while index + len(group) < len(ranked_rows) and key(ranked_rows[index + len(group)]) == key(group[0]):
            group.append(ranked_rows[index + len(group)])
        first, last = position + 1, position + len(group)
        if last <= limit:
            result.inside += group
        elif first <= limit:
            result.tied += group
        else:
            result.outside += group
        position = last
        index += len(group)
    result.outside += [row for row in rows if key(row) is None]
    return result


# --- The limits --------------------------------------------------------------------------------------------------


def interview_limit(post: Post) -> int:
    """How many go from the written exam into the interview: the campaign's ratio to the places (1:3 by default)."""
    return post.campaign.interview_ratio * post.places


def evaluation_limit(post: Post, interviewed: int | None = None) -> int:
    """How many go from the interview on to the democratic evaluation: the count per place, or the campaign's share of
    those interviewed (rounded up, at least one per place)."""
    campaign = post.campaign
    if campaign.advance_percent:
        if interviewed is None:
            interviewed = InterviewSlot.objects.filter(application__post=post, absent=False).count()
        return max(post.places, math.ceil(interviewed * campaign.advance_percent / 100))
    return campaign.advance_count * post.places


def inspection_limit(post: Post) -> int:
    """How many who passed the evaluation are inspected: the places plus the campaign's 差额 (0 by default)."""
    return post.places + post.campaign.inspection_extra


# --- The post's lines after the evaluation -------------------------------------------------------------------------

_UNRANKED = 2**31


def rank_key(application: Application) -> tuple[int, ...]:
    """The position ``ranked`` gives, as a comparable key: equal for candidates sharing a combined rank. Without a
    combined rank the interview's rank counts; a candidate with no rank at all (data from before the ranking existed)
    keeps the order of application, never a tie."""
    if application.combined_rank is not None:
        return (application.combined_rank,)
    if application.interview_rank is not None:
        return (_UNRANKED, application.interview_rank)
    return (_UNRANKED, _UNRANKED, application.pk)


def evaluation_pool(post: Post) -> QuerySet[Application]:
    """Everyone who passed the post's evaluation, whatever became of them later, best first: the lines after the
    evaluation are drawn over them, so that a candidate who drops out keeps his place (the next one moves up only as
    a confirmed substitute, competition.decision.substitutes)."""
    return ranked(
        Application.objects.filter(
            post=post, evaluation_entries__passed=True, evaluation_entries__evaluation__post=post
        ).select_related("person")
    ).distinct()


def inspection_cut(post: Post) -> Cut[Application]:
    """The inspection's shortlist: who passed the evaluation, cut at places + the campaign's 差额."""
    return cut(list(evaluation_pool(post)), inspection_limit(post), rank_key)


def places_cut(post: Post) -> Cut[Application]:
    """The line at the post's places among those who passed the evaluation: those inside are chosen; a group tied at
    the line waits for an extra interview."""
    return cut(list(evaluation_pool(post)), post.places, rank_key)
