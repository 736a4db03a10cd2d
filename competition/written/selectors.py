"""The written exam's reads: the cut of a post (pass line, then the ratio to the places), the session page's rows,
the candidate's own tickets and results."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from accounts import rules as roles
from accounts.models import User
from competition import shortlists
from competition.models import AdmissionTicket, Application, Post, WrittenExamSession, WrittenMarkCorrection

Status = WrittenExamSession.Status


def passes(ticket: AdmissionTicket, pass_line: Decimal) -> bool:
    """At or above the pass line; an absent candidate (缺考) never passes."""
    return not ticket.absent and ticket.mark is not None and ticket.mark >= pass_line


def post_tickets(post: Post) -> list[AdmissionTicket]:
    """The tickets of the post's candidates still in the running (a withdrawn candidate keeps his outcome), best mark
    first, absent and unmarked last, then by ticket number."""
    tickets = list(
        AdmissionTicket.objects.filter(
            application__post=post,
            application__outcome=Application.Outcome.IN_PROGRESS,
            application__status=Application.Status.QUALIFIED,
        ).select_related("application__person", "room", "session")
    )
    return sorted(tickets, key=lambda t: (t.mark is None or t.absent, -(t.mark or 0), t.number))


def written_cut(post: Post, tickets: list[AdmissionTicket] | None = None) -> shortlists.Cut[AdmissionTicket]:
    """Who goes on to the interview: those at or above the pass line, cut at the campaign's ratio to the places
    (competition.shortlists: all who pass when fewer; equal marks at the line go on whole and are shown as tied).
    Those below the line and the absent are outside."""
    tickets = post_tickets(post) if tickets is None else tickets
    line = post.campaign.written_pass_line
    cut = shortlists.cut(
        tickets, shortlists.interview_limit(post), lambda t: t.mark if passes(t, line) else None
    )
    return cut


@dataclass
class ResultRow:
    ticket: AdmissionTicket
    passed: bool
    goes_on: bool
    tied: bool


def post_results(post: Post) -> list[ResultRow]:
    """The post's candidates with their marks, whether they passed, whether they go on, and the tie at the line."""
    tickets = post_tickets(post) if post.status == Post.Status.WRITTEN else _published_tickets(post)
    if post.status != Post.Status.WRITTEN:
        going_on = {t.pk for t in tickets if t.application.outcome != Application.Outcome.WRITTEN_FAILED}
        line = post.campaign.written_pass_line
        return [ResultRow(t, passes(t, line), t.pk in going_on, False) for t in tickets]
    cut = written_cut(post, tickets)
    going_on = {t.pk for t in cut.goes_on}
    tied = {t.pk for t in cut.tied}
    line = post.campaign.written_pass_line
    return [ResultRow(t, passes(t, line), t.pk in going_on, t.pk in tied) for t in tickets]


def _published_tickets(post: Post) -> list[AdmissionTicket]:
    tickets = list(
        AdmissionTicket.objects.filter(application__post=post).select_related("application__person", "room", "session")
    )
    return sorted(tickets, key=lambda t: (t.mark is None or t.absent, -(t.mark or 0), t.number))


def session_overview(session: WrittenExamSession) -> dict[str, Any]:
    """What the session page shows: rooms with their use, the tickets, the posts' lines, the log and corrections."""
    tickets = list(
        session.tickets.select_related("application__person", "application__post__unit", "room").order_by("number")
    )
    rooms = list(session.rooms.all())
    return {
        "rooms": rooms,
        "seats": sum(room.seats for room in rooms),
        "tickets": tickets,
        "marked": sum(1 for ticket in tickets if ticket.is_marked),
        "posts": list(session.posts.select_related("unit", "campaign")),
        "candidates": Application.objects.filter(
            post__in=session.posts.all(), status=Application.Status.QUALIFIED, outcome=Application.Outcome.IN_PROGRESS
        ).count(),
        "events": session.events.select_related("by"),
        "corrections": WrittenMarkCorrection.objects.filter(ticket__session=session).select_related("ticket", "by"),
    }


def candidate_tickets(user: User) -> QuerySet[AdmissionTicket]:
    """The candidate's own admission tickets, newest exam first (nobody else's)."""
    if not roles.is_candidate(user):
        return AdmissionTicket.objects.none()
    return (
        AdmissionTicket.objects.filter(application__person__user=user)
        .select_related("session", "room", "application__post__unit", "application__post__campaign")
        .order_by("-session__starts_at")
    )
