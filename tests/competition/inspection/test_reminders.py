"""The inspection period's reminder: the office, two working days before a candidate's period ends while it has no
conclusion, and once more the day after if it ended without one; a conclusion stops it, even one recorded after the
reminder was written and before it went out."""

import datetime

import pytest
from django.core import mail

from competition.inspection import services as inspections
from competition.models import Inspection
from notifications import delivery
from notifications.models import Reminder
from notifications.tasks import reminders_scan
from tests.competition.stages import at_inspection, inspect
from tests.notifications.days import at, sent, walk

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan()

    return run


@pytest.fixture
def inspecting(time_machine, unit, office):
    """A post at inspection whose notice (published Monday 9 June 2025) sets the period Tuesday 10 to Friday 13 June."""
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = at_inspection(unit, office)
    inspections.inspection_notice_publish(
        post_id=post.pk, start_date=d(2025, 6, 10), end_date=d(2025, 6, 13), contact="电话：12380", by=office
    )
    return post


def test_the_office_is_reminded_before_the_period_ends_and_once_after_it_ended_without_a_conclusion(
    time_machine, scan, office, secretary, inspecting
):
    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 20))
    assert sent("inspection_ending") == {
        ("office", d(2025, 6, 11), d(2025, 6, 13)),
        ("office", d(2025, 6, 14), d(2025, 6, 14)),
    }
    assert len(mail.outbox) == Reminder.objects.filter(rule="inspection_ending").count() == 2


def test_a_concluded_inspection_draws_no_more_reminders(time_machine, scan, office, inspecting):
    def conclude_on_thursday(day):
        if day == d(2025, 6, 12):
            inspect(inspecting, office, Inspection.Conclusion.PASS)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 20), conclude_on_thursday)
    assert sent("inspection_ending") == {("office", d(2025, 6, 11), d(2025, 6, 13))}


def test_a_reminder_written_before_the_conclusion_is_not_sent_after_it(time_machine, office, inspecting):
    time_machine.move_to(at(d(2025, 6, 11)), tick=False)
    reminders_scan()
    [row] = Reminder.objects.filter(rule="inspection_ending")
    inspect(inspecting, office, Inspection.Conclusion.FAIL)
    mail.outbox.clear()
    assert delivery.reminder_deliver(row.pk) == "obsolete"
    assert mail.outbox == []
