"""Sending one reminder: bounded retries, failure recorded, the office's resend, and the dying worker."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications import delivery, services
from notifications.delivery import INTERRUPTED, reminder_deliver
from notifications.models import Notification, Reminder
from notifications.services import reminder_resend
from tests.markers import needs_postgresql
from tests.notifications.backends import FlakySMTPBackend


@pytest.fixture
def reminder(pending_application, candidate):
    from django.contrib.contenttypes.models import ContentType

    return Reminder.objects.create(
        rule="registration_closing",
        content_type=ContentType.objects.get_for_model(pending_application),
        object_id=pending_application.pk,
        recipient=candidate,
        due_date=timezone.localdate(),
        subject="Registration closes tomorrow",
    )


def test_an_smtp_failure_is_retried_then_recorded_as_failed(settings, scan, pending_application, candidate):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingSMTPBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3

    scan()  # eager: the task retries at once instead of after its countdown

    reminder = Reminder.objects.get(rule="registration_closing")
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.attempts == 3
    assert "SMTPServerDisconnected" in reminder.last_error
    assert reminder.sent_at is None
    assert not Notification.objects.filter(recipient=candidate).exists()


def test_a_transient_failure_schedules_a_short_retry_and_keeps_the_row_pending(settings, reminder):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingSMTPBackend"

    assert reminder_deliver(reminder.pk) == "retry"

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.PENDING
    assert reminder.attempts == 1
    assert 0 < (reminder.retry_after - timezone.now()).total_seconds() <= 300
    # The scan does not hand it out again before its retry is due.
    assert not Reminder.objects.dispatchable(timezone.now()).exists()


def test_a_flaky_smtp_server_delivers_on_a_later_attempt_exactly_once(settings, scan, pending_application, candidate):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakySMTPBackend"
    FlakySMTPBackend.failures = 2

    scan()

    reminder = Reminder.objects.get(rule="registration_closing")
    assert reminder.status == Reminder.Status.SENT
    assert reminder.attempts == 3
    assert [m.to for m in mail.outbox] == [[candidate.email]]


def test_the_office_resends_a_failed_reminder(settings, django_capture_on_commit_callbacks, reminder, office, candidate):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingSMTPBackend"
    settings.REMINDER_MAX_ATTEMPTS = 1
    assert reminder_deliver(reminder.pk) == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        reminder_resend(reminder_id=reminder.pk, by=office)

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    assert reminder.attempts == 1
    assert [m.to for m in mail.outbox] == [[candidate.email]]


def test_only_the_office_may_resend(reminder, secretary, candidate):
    from django.core.exceptions import PermissionDenied

    Reminder.objects.filter(pk=reminder.pk).update(status=Reminder.Status.FAILED)
    for user in (secretary, candidate):
        with pytest.raises(PermissionDenied):
            reminder_resend(reminder_id=reminder.pk, by=user)


def test_a_pending_reminder_cannot_be_resent(reminder, office):
    with pytest.raises(services.ReminderError):
        reminder_resend(reminder_id=reminder.pk, by=office)


def test_a_sent_reminder_is_not_sent_again_by_a_second_task(reminder):
    assert reminder_deliver(reminder.pk) == "sent"
    assert reminder_deliver(reminder.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_an_sms_failure_after_the_email_went_out_is_recorded_not_retried(settings, reminder, candidate):
    settings.SMS_BACKEND = "tests.notifications.test_delivery.BrokenSms"
    candidate.phone = "13800000000"
    candidate.save()

    assert reminder_deliver(reminder.pk) == "sent"

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT
    assert "sms: TimeoutError" in reminder.last_error
    assert len(mail.outbox) == 1


class BrokenSms:
    def send_sms(self, phone, text):
        raise TimeoutError("gateway timed out")


class WorkerDied(BaseException):
    """What a killed worker looks like from inside: nothing after this point runs."""


def test_a_worker_dying_after_the_email_left_never_sends_it_twice(monkeypatch, time_machine, reminder, candidate):
    """At most once: the row stays 'sending'; a redelivery skips it; after the lease it is marked failed."""
    time_machine.move_to(timezone.now(), tick=False)

    def die(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(delivery, "_record_sent", die)
    with pytest.raises(WorkerDied):
        reminder_deliver(reminder.pk)
    monkeypatch.undo()
    assert len(mail.outbox) == 1  # the email did leave

    # The broker redelivers the message (acks_late) while the claim is fresh: nothing is sent.
    assert reminder_deliver(reminder.pk) == "skipped"
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENDING

    # Later (Redis redelivers after its visibility timeout; the hourly scan runs too): marked failed, not sent.
    time_machine.shift(601)
    assert reminder_deliver(reminder.pk) == "skipped"
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.last_error == INTERRUPTED
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(recipient=candidate).exists()


def test_a_worker_dying_before_sending_leaves_a_failed_row_the_office_sees(monkeypatch, time_machine, scan, reminder, office):
    time_machine.move_to(timezone.now(), tick=False)
    monkeypatch.setattr("notifications.channels.EmailChannel.send", lambda *a, **k: (_ for _ in ()).throw(WorkerDied()))
    with pytest.raises(WorkerDied):
        reminder_deliver(reminder.pk)
    monkeypatch.undo()

    time_machine.shift(601)
    scan()

    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.last_error == INTERRUPTED
    assert [m.to for m in mail.outbox if m.subject == reminder.subject] == []


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_reminder_send_it_once(reminder):
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(reminder_deliver(reminder.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["sent", "skipped"]
    assert len(mail.outbox) == 1
