"""The written exam (笔试), a campaign option between registration and the interview (DOMAIN.md).

A session goes planned → issued → published. While planned the runner of the step (the office; an internal
competition's secretary, ``competition.kinds``) sets its time, venue, rooms and posts; issuing draws the seats by lot
(a recorded seed, as the interview's order) and gives each qualified candidate of its posts an admission ticket
(准考证) he prints from his own page. After the exam begins the marks (out of 100) or absences (缺考) are entered on
the marks page or imported from the session's mark sheet (``sheets``) under the score-sheet discipline of the
interview: all or nothing, every wrong cell named, a mark already entered changed only as a correction with a reason
(recorded, logged and audited). Publishing needs every ticket marked; each post of the session then gets its cut
(``selectors.written_cut``: at or above the campaign's pass line, then the ratio to the places of
competition.shortlists, a tie at the line going on whole), its candidates' marks go into ``Application.written_score``
(the combined score reads it), those cut end with their outcome and everyone is told. Every write locks the session's
row first and is logged in its journal.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from competition import kinds, workflow
from competition.excel import capped_errors
from competition.interviews.rules import draw_order, new_seed
from competition.kinds import Step
from competition.models import (
    AdmissionTicket,
    Application,
    Campaign,
    Post,
    WrittenExamEvent,
    WrittenExamRoom,
    WrittenExamSession,
    WrittenMarkCorrection,
)
from competition.written import selectors
from core.exceptions import ActionRefused
from notifications.messages import Paragraphs, Text
from notifications.services import notify

Status = WrittenExamSession.Status

# Printed on every admission ticket unless the session gives its own (the rules local notices commonly state).
DEFAULT_RULES = gettext_lazy(
    "1. Bring this admission ticket and your identity card; both are checked at the door.\n"
    "2. Arrive 30 minutes before the start; nobody is admitted more than 30 minutes after it, and nobody leaves in "
    "the first 30 minutes.\n"
    "3. Sit at the seat on this ticket. Phones and other devices are switched off and left at the front.\n"
    "4. Write your name and ticket number only where the paper asks for them; a paper with any other mark of identity "
    "is not marked.\n"
    "5. Cheating, or helping another candidate, ends the exam for you and is recorded."
)


class WrittenError(ActionRefused):
    """A written exam action that cannot happen now; the message is for the user."""


@dataclass(frozen=True)
class MarkError:
    """One wrong cell or row: ``row`` is the sheet's row (or the ticket number on the marks page)."""

    row: int | str | None
    column: str | None
    message: str


class MarksInvalid(WrittenError):
    """Marks refused as a whole; ``errors`` lists every wrong cell."""

    def __init__(self, errors: list[MarkError]) -> None:
        super().__init__(_("The marks have errors; nothing was saved."))
        self.errors, self.more = capped_errors(errors)


@dataclass(frozen=True)
class MarkEntry:
    """A ticket's mark or absence as entered; ``row`` says where (for the errors)."""

    ticket_id: int
    mark: Decimal | None
    absent: bool
    row: int | str | None = None


# --- The journal ----------------------------------------------------------------------------------------------


def lock_session(session_id: int, *statuses: str) -> WrittenExamSession:
    """The session's row, locked (its campaign read, not locked), refused unless it is in one of ``statuses``."""
    session = WrittenExamSession.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=session_id)
    if statuses and session.status not in statuses:
        raise WrittenError(
            _("The session is now “%(status)s”; this is no longer possible.") % {"status": session.get_status_display()}
        )
    return session


def log_event(session: WrittenExamSession, kind: str, detail: str, by: User | None) -> WrittenExamEvent:
    return WrittenExamEvent.objects.create(session=session, kind=kind, detail=detail, by=by if by and by.pk else None)


def require_runner(by: User | None, campaign: Campaign) -> None:
    kinds.require_runner(by, campaign, Step.WRITTEN, _("Only the competition office runs this written exam."))


# --- Sessions --------------------------------------------------------------------------------------------------


@transaction.atomic
def written_session_create(
    *,
    campaign: Campaign,
    name: str,
    posts: Iterable[Post],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    rooms: Iterable[tuple[str, int]],
    by: User,
    rules: str = "",
) -> WrittenExamSession:
    """A session for the candidates of one post or several of the campaign's posts at the written exam step; each
    post sits one session (the posts' rows are locked, so two sessions cannot take the same post)."""
    require_runner(by, campaign)
    if not campaign.has_written_exam:
        raise WrittenError(_("This campaign holds no written exam: set it in the campaign's rules first."))
    name, venue = name.strip(), venue.strip()
    locked = [workflow.lock_post(post.pk) for post in sorted(posts, key=lambda post: post.pk)]
    if not locked:
        raise WrittenError(_("Choose at least one post."))
    for post in locked:
        if post.campaign_id != campaign.pk or post.status != Post.Status.WRITTEN:
            raise WrittenError(_("“%(post)s” is not at the written exam step of this campaign.") % {"post": post})
        taken = post.written_sessions.first()
        if taken is not None:
            raise WrittenError(_("“%(post)s” already sits session “%(session)s”.") % {"post": post, "session": taken})
    rooms = list(rooms)
    if not name or not venue:
        raise WrittenError(_("Give the session's name and venue."))
    if not rooms:
        raise WrittenError(_("Give at least one room with its seats."))
    if ends_at <= starts_at:
        raise WrittenError(_("The exam must end after it starts."))
    if WrittenExamSession.objects.filter(campaign=campaign, name=name).exists():
        raise WrittenError(_("This campaign already has a session of that name."))
    session = WrittenExamSession.objects.create(
        campaign=campaign, name=name, starts_at=starts_at, ends_at=ends_at, venue=venue,
        rules=rules.strip() or str(DEFAULT_RULES),
    )  # fmt: skip
    session.posts.set(locked)
    WrittenExamRoom.objects.bulk_create(
        [WrittenExamRoom(session=session, name=room, seats=seats, position=i) for i, (room, seats) in enumerate(rooms)]
    )
    log_event(session, "created", ", ".join(str(post) for post in locked), by)
    return session


def ticket_number(session: WrittenExamSession, room: WrittenExamRoom, seat: int) -> str:
    """The ticket's number: the exam's year, the session, the room and the seat (unique, as each session's id is)."""
    return f"{timezone.localtime(session.starts_at):%Y}{session.pk:04d}{room.position + 1:02d}{seat:03d}"


@transaction.atomic
def written_session_issue(*, session_id: int, by: User) -> WrittenExamSession:
    """Draw the seats by lot and issue an admission ticket to every qualified candidate of the session's posts, who
    is told to print it. Refused when the rooms have fewer seats than candidates."""
    session = lock_session(session_id, Status.PLANNED)
    require_runner(by, session.campaign)
    applications = list(
        Application.objects.select_for_update(of=("self",))
        .filter(
            post__in=session.posts.all(), status=Application.Status.QUALIFIED, outcome=Application.Outcome.IN_PROGRESS
        )
        .select_related("person__user", "post")
        .order_by("pk")
    )
    if not applications:
        raise WrittenError(_("The session's posts have no qualified candidates."))
    seats = [(room, number) for room in session.rooms.all() for number in range(1, room.seats + 1)]
    if len(applications) > len(seats):
        raise WrittenError(
            _("%(n)s candidates but only %(seats)s seats: add a room.") % {"n": len(applications), "seats": len(seats)}
        )
    seed = new_seed()
    order = draw_order(seed, [application.pk for application in applications])
    AdmissionTicket.objects.bulk_create(
        [
            AdmissionTicket(
                session=session, application_id=application_id, room=seats[index][0], seat=seats[index][1],
                number=ticket_number(session, *seats[index]),
            )  # fmt: skip
            for index, application_id in enumerate(order)
        ]
    )
    session.status, session.seat_seed, session.issued_at = Status.ISSUED, seed, timezone.now()
    session.save(update_fields=["status", "seat_seed", "issued_at"])
    log_event(session, "issued", f"seed={seed} order={order}", by)
    for application in applications:
        notify(
            recipients=[application.person.user],
            subject=Text(gettext_lazy("Your admission ticket for the written exam of %(post)s"), post=application.post),
            body=Text(
                gettext_lazy(
                    "Your admission ticket (准考证) for the written exam of %(post)s is issued: %(venue)s, %(day)s. "
                    "Print it from your written exam page and bring it with your identity card; the exam rules are "
                    "on it."
                ),
                post=application.post, venue=session.venue,
                day=timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
            ),  # fmt: skip
            url=reverse("written:my_exams"),
            kind="written_ticket",
        )
    return session


# --- Marks -----------------------------------------------------------------------------------------------------


def _describe(mark: Decimal | None, absent: bool) -> str:
    if absent:
        return str(_("absent"))
    return "" if mark is None else str(mark)


def lock_marks_session(session_id: int, by: User) -> WrittenExamSession:
    session = lock_session(session_id, Status.ISSUED)
    require_runner(by, session.campaign)
    if timezone.now() < session.starts_at:
        raise WrittenError(_("Marks are entered once the exam has begun (%(start)s).") % {
            "start": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
    return session


def apply_marks(
    session: WrittenExamSession,
    entries: list[MarkEntry],
    *,
    by: User,
    correction_reason: str = "",
    source: str,
    client_address: str | None = None,
) -> int:
    """Write the entries into the locked session's tickets: all, or none. A ticket already marked (or absent) that an
    entry changes is refused, every such one listed, unless ``correction_reason`` is given; then each change is a
    correction (record, journal, audit row). Entries that repeat what is there change nothing. Returns how many
    tickets were marked or corrected."""
    correction_reason = correction_reason.strip()
    tickets = {
        ticket.pk: ticket
        for ticket in AdmissionTicket.objects.select_for_update(of=("self",)).filter(session=session).order_by("pk")
    }
    changed, new = [], []
    for entry in entries:
        ticket = tickets[entry.ticket_id]
        if (ticket.mark, ticket.absent) == (entry.mark, entry.absent):
            continue
        (changed if ticket.is_marked else new).append((ticket, entry))
    if changed and not correction_reason:
        raise MarksInvalid(
            [
                MarkError(entry.row, None, _(
                    "Ticket %(number)s is already marked %(old)s; now %(new)s. Enter the change as a correction, "
                    "with a reason."
                ) % {"number": ticket.number, "old": _describe(ticket.mark, ticket.absent),
                     "new": _describe(entry.mark, entry.absent)})
                for ticket, entry in changed
            ]
        )  # fmt: skip
    now = timezone.now()
    for ticket, entry in new + changed:
        if ticket.is_marked:
            correction = WrittenMarkCorrection.objects.create(
                ticket=ticket, old_mark=ticket.mark, old_absent=ticket.absent, new_mark=entry.mark,
                new_absent=entry.absent, reason=correction_reason[:200], source=source, by=by,
            )  # fmt: skip
            log_event(session, "correction", f"ticket {ticket.number}: {_describe(correction.old_mark, correction.old_absent)} → "
                      f"{_describe(entry.mark, entry.absent)} ({correction_reason})", by)  # fmt: skip
            audit_record(
                kind=AuditEvent.Kind.SCORE_CORRECTION,
                user=by,
                ip_address=client_address,
                path=reverse("written:marks", args=[session.pk]),
                written_ticket=ticket.number,
                old=_describe(correction.old_mark, correction.old_absent),
                new=_describe(entry.mark, entry.absent),
                reason=correction_reason,
                source=source,
            )
        ticket.mark, ticket.absent, ticket.marked_at, ticket.marked_by = entry.mark, entry.absent, now, by
        ticket.save(update_fields=["mark", "absent", "marked_at", "marked_by"])
    log_event(session, source, f"{len(new)} marked, {len(changed)} corrected", by)
    return len(new) + len(changed)


@transaction.atomic
def written_marks_enter(
    *, session_id: int, entries: list[MarkEntry], by: User, correction_reason: str = "", client_address: str | None = None
) -> int:
    """Marks entered on the marks page (already parsed by the view, ``selectors.parse_page_marks``)."""
    session = lock_marks_session(session_id, by)
    known = set(session.tickets.values_list("pk", flat=True))
    if any(entry.ticket_id not in known for entry in entries):
        raise WrittenError(_("A ticket of another session was given."))
    return apply_marks(session, entries, by=by, correction_reason=correction_reason, source="page",
                       client_address=client_address)  # fmt: skip


# --- Results ---------------------------------------------------------------------------------------------------


@transaction.atomic
def written_session_publish(*, session_id: int, by: User) -> WrittenExamSession:
    """Publish the session's results once every ticket is marked (or absent): each post gets its cut, those who go
    on are told and the post moves to the interview; those cut end with their outcome and are told. A post where
    nobody passes fails (re-release in a later round)."""
    session = lock_marks_session(session_id, by)
    unmarked = list(session.tickets.filter(mark__isnull=True, absent=False).values_list("number", flat=True)[:20])
    if unmarked:
        raise WrittenError(_("These tickets have no mark and are not recorded absent: %(list)s") % {
            "list": "、".join(unmarked)})  # fmt: skip
    session.status, session.published_at = Status.PUBLISHED, timezone.now()
    session.save(update_fields=["status", "published_at"])
    log_event(session, "published", "", by)
    for post in session.posts.select_related("campaign", "unit").order_by("pk"):
        _publish_post(post, by)
    return session


def _publish_post(post: Post, by: User) -> None:
    post = workflow.lock_post(post.pk)
    if post.status != Post.Status.WRITTEN:
        return
    line = selectors.written_cut(post)
    going_on = {ticket.application_id for ticket in line.goes_on}
    tickets = line.inside + line.tied + line.outside
    applications = {
        application.pk: application
        for application in Application.objects.select_for_update(of=("self",))
        .filter(pk__in=[ticket.application_id for ticket in tickets])
        .select_related("person__user")
        .order_by("pk")
    }
    today = timezone.localdate()
    for ticket in tickets:
        application = applications[ticket.application_id]
        application.written_score = ticket.mark
        fields = ["written_score", "updated_at"]
        if ticket.application_id not in going_on:
            application.outcome, application.outcome_on = Application.Outcome.WRITTEN_FAILED, today
            fields += ["outcome", "outcome_on"]
        application.save(update_fields=fields)
        _tell_result(post, ticket, application, ticket.application_id in going_on)
    if going_on:
        workflow.post_finish_written(
            post_id=post.pk, by=by,
            reason=_("Written exam results published: %(n)s go on to the interview.") % {"n": len(going_on)},
        )  # fmt: skip
    else:
        workflow.post_fail(post_id=post.pk, by=by, reason=_("Nobody reached the written exam's pass line."))


def _tell_result(post: Post, ticket: AdmissionTicket, application: Application, goes_on: bool) -> None:
    user = application.person.user if application.person.user_id else None
    if user is None:
        return
    if ticket.absent:
        result = Text(gettext_lazy("You were absent from the written exam for %(post)s (缺考)."), post=post)
    else:
        result = Text(
            gettext_lazy("Your written exam mark for %(post)s is %(mark)s (pass line %(line)s)."),
            post=post, mark=ticket.mark, line=post.campaign.written_pass_line,
        )  # fmt: skip
    if goes_on:
        next_step = gettext_lazy(
            "You go on to the interview. The competition office will tell you its date, time and venue."
        )
    else:
        next_step = gettext_lazy(
            "You do not go on to the interview: your application for this post ends here, and nothing more is needed "
            "from you. You may apply for posts in later rounds."
        )
    notify(
        recipients=[user],
        subject=Text(gettext_lazy("Written exam results for %(post)s are published"), post=post),
        body=Paragraphs(result, next_step),
        url=reverse("written:my_exams"),
        kind="written_results",
    )
