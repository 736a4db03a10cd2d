"""The inspection period's reminder: the office is reminded before the period an inspection notice announced ends
while conclusions are still to be recorded, and once more the day after; not once they are all recorded."""

import datetime

import pytest
from django.core import mail

from notifications import delivery
from notifications.models import Reminder
from notifications.tasks import reminders_scan
from tests.competition.stages import at_inspection, complete_checklist, inspect, open_inspection
from tests.notifications.days import at, sent, walk

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan()

    return run


@pytest.fixture
def opened(time_machine, unit, office):
    """A post at inspection whose notice, published on Monday 9 June 2025, runs to Saturday 14 June."""
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = at_inspection(unit, office)
    return post, open_inspection(post, office)  # the period: five days from the day of the notice


def test_the_office_is_reminded_before_the_period_ends_and_the_day_after(time_machine, scan, opened, office):
    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 18))
    assert sent("inspection_period_ending") == {
        ("office", d(2025, 6, 12), d(2025, 6, 14)),  # two days ahead
        ("office", d(2025, 6, 15), d(2025, 6, 15)),  # the day after, still not concluded
    }
    assert any("6月14日" in m.subject or "2025" in m.subject for m in mail.outbox)


def test_a_concluded_inspection_draws_no_reminder(time_machine, scan, opened, office):
    post, _inspection = opened

    def conclude_on_wednesday(day):
        if day == d(2025, 6, 11):
            inspect(post, office)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 18), conclude_on_wednesday)
    assert sent("inspection_period_ending") == set()


def test_a_reminder_whose_conclusions_were_recorded_before_it_went_out_is_not_sent(time_machine, opened, office):
    post, inspection = opened
    time_machine.move_to(at(d(2025, 6, 12)), tick=False)
    reminders_scan()  # the row is written, its sending queued (not run here)
    [row] = Reminder.objects.filter(rule="inspection_period_ending")
    complete_checklist(inspection, office)
    inspect(post, office)
    assert delivery.reminder_deliver(row.pk) == "obsolete"
