"""Walking the calendar with time-machine for the reminder tests: scan as beat would on each day, and read back
who was reminded on which day."""

import datetime
from zoneinfo import ZoneInfo

from notifications.models import Reminder

TZ = ZoneInfo("Asia/Shanghai")


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def sent(rule):
    """(recipient, local day sent, due date) of every reminder of ``rule`` sent."""
    return {
        (r.recipient.username, r.sent_at.astimezone(TZ).date(), r.due_date)
        for r in Reminder.objects.filter(rule=rule, status=Reminder.Status.SENT).select_related("recipient")
    }


def walk(time_machine, scan, first, last, each_day=None):
    """Scan twice on every day from ``first`` to ``last``, after ``each_day(day)`` has run."""
    day = first
    while day <= last:
        time_machine.move_to(at(day), tick=False)
        if each_day is not None:
            each_day(day)
        scan()
        scan()
        day += datetime.timedelta(days=1)
