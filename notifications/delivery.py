"""What a worker does to deliver: a notification's email copy, and one reminder through the channels.

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

The tasks (notifications.tasks) call these; nothing here queues a task.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.channels import configured_channels, mail_text
from notifications.messages import language_of, rendered
from notifications.models import Notification, Reminder
from notifications.registry import REGISTRY

log = logging.getLogger(__name__)

INTERRUPTED = "Interrupted while sending: delivery unknown, not retried automatically (at most once)."


def notifications_email(notification_ids: list[int]) -> None:
    """Email each notification not emailed yet; claiming the row first means a retry never sends it twice."""
    for pk in notification_ids:
        claimed = Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if not claimed:
            continue
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        if not notification.recipient.email:
            continue
        # In the language the recipient reads now (he may have changed it since the row was written).
        subject, body = rendered(notification, language_of(notification.recipient))
        try:
            send_mail(
                subject,
                mail_text(notification.recipient, body, notification.url),
                None,
                [notification.recipient.email],
            )
        except OSError:
            Notification.objects.filter(pk=pk).update(emailed_at=None)
            raise


def max_attempts() -> int:
    return getattr(settings, "REMINDER_MAX_ATTEMPTS", 4)


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: 30 s, 60 s, 120 s, ... never more than five minutes."""
    return min(30 * 2 ** max(attempts - 1, 0), 300)


def reminders_recover_interrupted(now: datetime.datetime | None = None) -> int:
    """Rows left SENDING past the lease by a worker that died: FAILED, for a person to resend (at most once)."""
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=getattr(settings, "REMINDER_SEND_LEASE_SECONDS", 600))
    count = Reminder.objects.filter(status=Reminder.Status.SENDING, claimed_at__lt=now - lease).update(
        status=Reminder.Status.FAILED, claimed_at=None, last_error=INTERRUPTED
    )
    if count:
        log.warning("%s reminders were interrupted while sending; marked failed", count)
    return count


def _claim(reminder_id):
    return Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )


def _record_sent(reminder, subject, body, errors):
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.create(
            recipient=reminder.recipient,
            subject=subject,
            body=body,
            message=reminder.message,
            url=reminder.url,
            kind=f"reminder:{reminder.rule}",
            emailed_at=now,
        )
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(
            status=Reminder.Status.SENT, sent_at=now, claimed_at=None, retry_after=None, last_error="; ".join(errors)
        )


def _still_due(reminder: Reminder) -> bool:
    """Whether the reminder's reason holds (its rule's still_due); a rule that cannot tell, or fails to, sends."""
    rule = REGISTRY.get(reminder.rule)
    if rule is None or rule.still_due is None:
        return True
    try:
        return bool(rule.still_due(reminder))
    except Exception:
        log.exception("Reminder %s: the check of rule %s failed; sending it", reminder.pk, reminder.rule)
        return True


def reminder_deliver(reminder_id: int) -> str:
    """Send one reminder if it is pending and still due. Returns "sent", "retry", "failed", "obsolete" (its reason
    went away: not sent) or "skipped" (not ours to send)."""
    if not _claim(reminder_id):
        # Sent, failed, or claimed by another worker; a redelivered message of a dead worker lands here.
        reminders_recover_interrupted()
        return "skipped"
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    if not _still_due(reminder):
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(
            status=Reminder.Status.OBSOLETE, claimed_at=None, retry_after=None
        )
        return "obsolete"
    # Rendered now, in the language the recipient reads at sending time (not the scan's).
    subject, body = rendered(reminder, language_of(reminder.recipient))
    delivered, errors = 0, []
    for channel in configured_channels():
        try:
            delivered += bool(channel.send(user=reminder.recipient, subject=subject, body=body, url=reminder.url))
        except OSError as exc:
            errors.append(f"{channel.name}: {type(exc).__name__}: {exc}"[:500])
            if not delivered:
                # Nothing went out yet: the whole reminder can be retried without sending anything twice.
                return _record_failure(reminder, errors)
            # An earlier channel delivered: retrying would repeat it, so the later channel's error is recorded.
            log.warning("Reminder %s: %s", reminder.pk, errors[-1])
    _record_sent(reminder, subject, body, errors)
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
