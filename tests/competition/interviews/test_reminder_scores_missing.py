"""The reminder to examiners who still owe scores after their session's day, and to the office."""

import datetime

import time_machine

from competition.models import InterviewSession
from notifications.models import Reminder
from notifications.tasks import scan_reminders

from .conftest import score_all


def scan_on(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.timezone.utc), tick=False):
        scan_reminders()


def test_examiners_who_owe_scores_are_reminded_daily_until_the_session_closes(started_session, panel, office):
    day = datetime.date(2026, 3, 10)
    InterviewSession.objects.filter(pk=started_session.pk).update(date=day)
    # Four examiners score everyone; the fifth scores nobody.
    score_all(started_session, [[80, 81, 82]] * 4)
    late = panel[4].user

    scan_on(day)  # the session's own day: nothing yet
    assert not Reminder.objects.filter(rule="scores_missing").exists()
    scan_on(day + datetime.timedelta(days=1))
    scan_on(day + datetime.timedelta(days=1))  # a second scan the same day sends nothing twice
    reminders = Reminder.objects.filter(rule="scores_missing")
    assert set(reminders.values_list("recipient", flat=True)) == {late.pk, office.pk}
    assert "3" in reminders.get(recipient=late).body  # three candidates still to score
    scan_on(day + datetime.timedelta(days=2))
    assert reminders.filter(recipient=late).count() == 2

    score_all(started_session, [[None]] * 4 + [[70, 71, 72]])
    scan_on(day + datetime.timedelta(days=3))
    assert reminders.filter(recipient=late).count() == 2
