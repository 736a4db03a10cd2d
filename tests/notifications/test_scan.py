"""The scan: one row per (rule, object, recipient, due date), sent once however often or concurrently it runs."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from competition.models import Application, Post
from notifications.models import Notification, Reminder
from notifications.tasks import reminders_scan
from tests.factories import ApplicationFactory, CandidateUserFactory, PostFactory, RoundFactory


def test_it_sends_a_candidate_a_reminder_when_registration_closes_soon(scan, pending_application, candidate):
    scan()

    reminder = Reminder.objects.get(rule="registration_closing")
    assert reminder.recipient == candidate
    assert reminder.target == pending_application
    assert reminder.status == Reminder.Status.SENT
    assert reminder.attempts == 1 and reminder.sent_at is not None
    assert [m.to for m in mail.outbox if "Registration for" in m.subject] == [[candidate.email]]
    assert Notification.objects.filter(recipient=candidate, kind="reminder:registration_closing").count() == 1


def test_running_the_scan_twice_sends_nothing_twice(scan, pending_application, office):
    scan()
    sent = len(mail.outbox)
    rows = Reminder.objects.count()

    scan()

    assert sent >= 3  # the candidate, and the office twice (too few applicants, reviews pending)
    assert len(mail.outbox) == sent
    assert Reminder.objects.count() == rows
    assert Notification.objects.count() == sent


def test_a_reminder_about_a_reviewed_application_is_not_created(scan, pending_application):
    Application.objects.filter(pk=pending_application.pk).update(status=Application.Status.QUALIFIED)

    scan()

    assert not Reminder.objects.filter(rule="registration_closing").exists()


def test_the_office_hears_of_a_post_with_too_few_applicants_and_pending_reviews(scan, pending_application, office):
    scan()

    assert set(Reminder.objects.filter(recipient=office).values_list("rule", flat=True)) == {
        "registration_few_applicants",
        "reviews_pending",
    }


def test_enough_applicants_means_no_few_applicants_reminder(scan, registration_post, office):
    for _ in range(3):
        ApplicationFactory(post=registration_post, round=registration_post.round, status=Application.Status.QUALIFIED)

    scan()

    assert not Reminder.objects.filter(rule="registration_few_applicants").exists()
    assert not Reminder.objects.filter(rule="reviews_pending").exists()


def test_an_office_rule_setting_can_disable_a_rule(scan, pending_application, office):
    from notifications.models import RuleSetting

    RuleSetting.objects.create(rule="reviews_pending", lead_days=1, enabled=False)

    scan()

    assert not Reminder.objects.filter(rule="reviews_pending").exists()
    assert Reminder.objects.filter(rule="registration_few_applicants").exists()


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_send_nothing_twice(campaign, unit, office):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database locks whole tables across threads; CI runs this on PostgreSQL")
    closes = timezone.now() + datetime.timedelta(hours=20)
    round_ = RoundFactory(campaign=campaign, registration_opens=closes - datetime.timedelta(days=5), registration_closes=closes)
    post = PostFactory(campaign=campaign, unit=unit, round=round_)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.REGISTRATION)
    candidates = [CandidateUserFactory() for _ in range(8)]
    for user in candidates:
        ApplicationFactory(post=post, round=round_, person=user.person, status=Application.Status.SUBMITTED)

    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders_scan()  # commits in autocommit mode: its on_commit sends run at once, eagerly
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    candidate_mail = sorted(m.to[0] for m in mail.outbox if "Registration for" in m.subject)
    assert candidate_mail == sorted(user.email for user in candidates)
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 8 + 1  # + the office: reviews pending
    assert Notification.objects.count() == 9


def test_the_scan_hands_the_reminders_over_in_batches_each_delivered_once(scan, pending_application, office, monkeypatch):
    """One message per batch, not per reminder (issue 19.3: 100,000 publishes took minutes); every row is sent once."""
    from notifications import tasks

    monkeypatch.setattr(tasks, "DISPATCH_BATCH", 2)
    batches = []
    deliver = tasks.send_reminders.delay_on_commit
    monkeypatch.setattr(tasks.send_reminders, "delay_on_commit", lambda ids: (batches.append(ids), deliver(ids)))
    scan()
    rows = Reminder.objects.count()
    assert rows >= 3 and len(batches) == (rows + 1) // 2 and all(len(ids) <= 2 for ids in batches)
    assert sorted(pk for ids in batches for pk in ids) == sorted(Reminder.objects.values_list("pk", flat=True))
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert Notification.objects.count() == rows
