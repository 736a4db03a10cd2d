"""The written exam's reminder rules, registered with notifications.registry when CompetitionConfig.ready() imports
this module: the candidates are reminded to print their admission tickets, and of the exam the day before.

Both read every ticket due in one query (with its session, room, candidate and post), whatever their number.
"""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from competition.models import AdmissionTicket, Application, WrittenExamSession
from notifications.messages import Text
from notifications.registry import Due, local_date, reminder_rule, user_of


def _tickets_to_sit(today: datetime.date, lead_days: int) -> Iterator[tuple[AdmissionTicket, datetime.date]]:
    """Tickets of issued sessions whose exam falls after today and within the lead time, held by candidates still in
    the running: each with the exam's day."""
    now = timezone.now()
    tickets = _live_tickets().filter(
        session__starts_at__gt=now, session__starts_at__lt=now + datetime.timedelta(days=lead_days + 2)
    )
    horizon = today + datetime.timedelta(days=lead_days)
    for ticket in tickets.select_related("session", "room", "application__person__user", "application__post__unit"):
        exam_day = local_date(ticket.session.starts_at)
        if today < exam_day <= horizon:
            yield ticket, exam_day


def _live_tickets() -> QuerySet[AdmissionTicket]:
    return AdmissionTicket.objects.filter(
        session__status=WrittenExamSession.Status.ISSUED,
        absent=False,
        application__outcome=Application.Outcome.IN_PROGRESS,
        application__person__user__isnull=False,
    )


def _ticket_still_to_sit(reminder) -> bool:
    return _live_tickets().filter(pk=reminder.object_id, session__starts_at__gt=timezone.now()).exists()


def _seat(ticket: AdmissionTicket) -> Text:
    return Text(
        gettext_lazy("%(venue)s, %(room)s, seat %(seat)s; admission ticket number %(number)s."),
        venue=ticket.session.venue,
        room=ticket.room.name,
        seat=ticket.seat,
        number=ticket.number,
    )


@reminder_rule(
    "written_ticket_to_print",
    label=gettext_lazy("Admission tickets to print before the written exam (candidates)"),
    lead_days=3,
    still_due=_ticket_still_to_sit,
)
def written_ticket_to_print(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """Each candidate with a ticket, within the lead time before the exam's day, to print it. A session issued today
    is left out: its candidates were told when the tickets were issued (competition.written.services)."""
    for ticket, exam_day in _tickets_to_sit(today, lead_days):
        application = ticket.application
        user = user_of(application.person)
        if user is None or local_date(ticket.session.issued_at) >= today:
            continue
        yield Due(
            ticket,
            user,
            exam_day,
            Text(
                gettext_lazy("Print your admission ticket for the written exam of %(post)s on %(day)s"),
                post=application.post,
                day=exam_day,
            ),
            Text(
                gettext_lazy(
                    "Your admission ticket (准考证) is on your written exam page: print it and bring it with your "
                    "identity card. %(seat)s"
                ),
                seat=_seat(ticket),
            ),
            reverse("written:my_exams"),
        )


@reminder_rule(
    "written_exam_tomorrow",
    label=gettext_lazy("Written exam tomorrow (candidates)"),
    lead_days=1,
    still_due=_ticket_still_to_sit,
)
def written_exam_tomorrow(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """Each candidate with a ticket, the day before the exam (the lead time): when and where, his room and seat."""
    for ticket, exam_day in _tickets_to_sit(today, lead_days):
        application = ticket.application
        user = user_of(application.person)
        if user is None:
            continue
        yield Due(
            ticket,
            user,
            exam_day,
            Text(
                gettext_lazy("Written exam of %(post)s at %(time)s"),
                post=application.post,
                time=ticket.session.starts_at,
            ),
            Text(
                gettext_lazy(
                    "%(seat)s Come on time with your admission ticket and identity card; the exam rules are on the "
                    "ticket. If you cannot come, tell the competition office at once."
                ),
                seat=_seat(ticket),
            ),
            reverse("written:my_exams"),
        )
