"""Telling people things: an inbox row for each recipient, and an email once the transaction commits;
and the reminders: the scan that finds what is due, the delivery of one reminder, the office's resend.

Delivery of a reminder, and what happens when a worker dies in the middle of it
-------------------------------------------------------------------------------
1. Claim: a conditional UPDATE moves the row PENDING → SENDING (attempts + 1). Only one worker can win it, so
   two scans, two copies of the task message or a redelivered message never send the same row twice.
2. Send through the external channels (email, then SMS: settings.NOTIFICATION_CHANNELS).
3. Record: in one transaction, the inbox row and SENT with sent_at.
A transient error (OSError, which includes smtplib's errors) before any channel delivered puts the row back
to PENDING with last_error and retry_after; after REMINDER_MAX_ATTEMPTS attempts it becomes FAILED.

A worker that dies between 1 and 3 leaves the row SENDING. Whether the email left cannot be known (the SMTP
server may have accepted it just before the worker died), so we take the AT MOST ONCE side: a row left
SENDING longer than REMINDER_SEND_LEASE_SECONDS is never re-sent automatically; the next scan (or the
redelivered task) marks it FAILED with an "interrupted" error, and the office page shows it, where a person
decides to resend. Nothing is lost silently, and nothing goes out twice without a person asking for it.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import rules as roles
from notifications.models import Notification, Reminder

log = logging.getLogger(__name__)

INTERRUPTED = "Interrupted while sending: delivery unknown, not retried automatically (at most once)."


class ReminderError(Exception):
    """A request the office cannot make now; the message says why."""


def notify(*, recipients, subject, body="", url="", kind=""):
    """Put a notification in each recipient's inbox and email them after commit. Returns the rows."""
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject, body=body, url=url, kind=kind) for user in recipients if user]
    )
    if rows:
        from notifications.tasks import email_notifications

        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: email_notifications.delay(ids))
    return rows


# --- Inbox ---


def unread_count(user):
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, notification, by):
    """Mark one of the user's own notifications read (the access helper has checked it is theirs)."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, by):
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


# --- Reminders ---


def max_attempts():
    return getattr(settings, "REMINDER_MAX_ATTEMPTS", 4)


def retry_delay(attempts):
    """Seconds before the next attempt: 30 s, 60 s, 120 s, ... never more than five minutes."""
    return min(30 * 2 ** max(attempts - 1, 0), 300)


def reminders_recover_interrupted(now=None):
    """Rows left SENDING past the lease by a worker that died: FAILED, for a person to resend (at most once)."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=getattr(settings, "REMINDER_SEND_LEASE_SECONDS", 600))
    count = Reminder.objects.filter(status=Reminder.Status.SENDING, claimed_at__lt=now - lease).update(
        status=Reminder.Status.FAILED, claimed_at=None, last_error=INTERRUPTED
    )
    if count:
        log.warning("%s reminders were interrupted while sending; marked failed", count)
    return count


def reminders_scan(*, today=None):
    """Insert a row for everything due by every enabled rule, then hand the pending rows to the sending task.

    Returns the number of rows dispatched. Safe to run twice or at the same time: the insert ignores rows that
    exist (the unique key), and a dispatched row is claimed by exactly one sending task.
    """
    from notifications.models import RuleSetting
    from notifications.registry import REGISTRY
    from notifications.tasks import send_reminder

    now = timezone.now()
    today = today or timezone.localdate(now)
    reminders_recover_interrupted(now)
    rule_settings = {row.rule: row for row in RuleSetting.objects.all()}
    # Reminder texts are stored as written, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        for rule in REGISTRY.values():
            lead_days, enabled = rule.settings(rule_settings)
            if not enabled:
                continue
            try:
                dues = list(rule.find(today, lead_days))
            except Exception:
                # One broken rule must not stop the others' reminders; the error goes to the log (and Sentry).
                log.exception("Reminder rule %s failed", rule.name)
                continue
            rows = [
                Reminder(
                    rule=rule.name,
                    content_type=ContentType.objects.get_for_model(due.obj),
                    object_id=due.obj.pk,
                    recipient=due.recipient,
                    due_date=due.due_date,
                    subject=str(due.subject)[:200],
                    body=str(due.body),
                    url=due.url[:300],
                )
                for due in dues
            ]
            Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    ids = list(Reminder.objects.dispatchable(now).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        # Not dispatched again by the next scan while this message waits in the queue; if it is lost,
        # the row is dispatched again after the grace period (the claim still sends it once).
        grace = datetime.timedelta(seconds=getattr(settings, "REMINDER_SEND_LEASE_SECONDS", 600))
        Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(retry_after=now + grace)
        for pk in ids:
            send_reminder.delay_on_commit(pk)
    return len(ids)


def _claim(reminder_id):
    return Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )


def _record_sent(reminder, errors):
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.create(
            recipient=reminder.recipient,
            subject=reminder.subject,
            body=reminder.body,
            url=reminder.url,
            kind=f"reminder:{reminder.rule}",
            emailed_at=now,
        )
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(
            status=Reminder.Status.SENT, sent_at=now, claimed_at=None, retry_after=None, last_error="; ".join(errors)
        )


def reminder_deliver(reminder_id):
    """Send one reminder if it is pending. Returns "sent", "retry", "failed" or "skipped" (not ours to send)."""
    from notifications.channels import configured_channels

    if not _claim(reminder_id):
        # Sent, failed, or claimed by another worker; a redelivered message of a dead worker lands here.
        reminders_recover_interrupted()
        return "skipped"
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    delivered, errors = 0, []
    for channel in configured_channels():
        try:
            delivered += bool(channel.send(user=reminder.recipient, subject=reminder.subject, body=reminder.body, url=reminder.url))
        except OSError as exc:
            errors.append(f"{channel.name}: {type(exc).__name__}: {exc}"[:500])
            if not delivered:
                # Nothing went out yet: the whole reminder can be retried without sending anything twice.
                return _record_failure(reminder, errors)
            # An earlier channel delivered: retrying would repeat it, so the later channel's error is recorded.
            log.warning("Reminder %s: %s", reminder.pk, errors[-1])
    _record_sent(reminder, errors)
    return "sent"


def _record_failure(reminder, errors):
    final = reminder.attempts >= max_attempts()
    Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(
        status=Reminder.Status.FAILED if final else Reminder.Status.PENDING,
        claimed_at=None,
        retry_after=None if final else timezone.now() + datetime.timedelta(seconds=retry_delay(reminder.attempts)),
        last_error="; ".join(errors),
    )
    log.warning("Reminder %s attempt %s failed: %s", reminder.pk, reminder.attempts, errors)
    return "failed" if final else "retry"


@transaction.atomic
def reminder_resend(*, reminder_id, by):
    """The office sends a failed (or sent) reminder again, with a fresh set of attempts."""
    if not roles.is_office(by):
        raise PermissionDenied
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
    if reminder.status not in (Reminder.Status.FAILED, Reminder.Status.SENT):
        raise ReminderError(_("This reminder is waiting to be sent already."))
    reminder.status = Reminder.Status.PENDING
    reminder.attempts = 0
    reminder.claimed_at = None
    reminder.sent_at = None
    reminder.retry_after = None
    reminder.save(update_fields=["status", "attempts", "claimed_at", "sent_at", "retry_after"])
    from notifications.tasks import send_reminder

    send_reminder.delay_on_commit(reminder.pk)
    log.info("Reminder %s resent by %s", reminder.pk, by)
    return reminder
