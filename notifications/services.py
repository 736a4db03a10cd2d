"""Telling people things: an inbox row for each recipient and an email once the transaction commits; the inbox;
the office's resend of a reminder.

The scan that finds what is due is in notifications.tasks (beat runs it), the sending in notifications.delivery.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from core.exceptions import ActionRefused
from notifications.messages import dump_message, language_of, render
from notifications.models import Notification, Reminder
from notifications.tasks import email_notifications, send_reminder

log = logging.getLogger(__name__)


class ReminderError(ActionRefused):
    """A request the office cannot make now; the message says why."""


def notify(*, recipients: Iterable[User | None], subject: Any, body: Any = "", url: str = "", kind: str = "") -> list[Notification]:
    """Put a notification in each recipient's inbox and email them after commit. Returns the rows.

    ``subject`` and ``body`` are Texts (notifications.messages), rendered for each recipient in his own language;
    the body says what happened to him and what to do next. The message is stored too (``Notification.message``):
    the email and the inbox render it again in the language the recipient reads when they show it.
    """
    rows = []
    message = dump_message(subject, body)
    for user in dict.fromkeys(user for user in recipients if user):
        language = language_of(user)
        rows.append(
            Notification(
                recipient=user,
                subject=render(subject, language)[:200],
                body=render(body, language),
                message=message,
                url=url,
                kind=kind,
            )
        )
    rows = Notification.objects.bulk_create(rows)
    if rows:
        email_notifications.delay_on_commit([row.pk for row in rows])
    return rows


# --- Inbox ---


def unread_count(user: roles.AnyUser) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, notification: Notification, by: User) -> None:
    """Mark one of the user's own notifications read (the access helper has checked it is theirs)."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


# --- Reminders ---


def _lock_reminder(reminder_id):
    return Reminder.objects.select_for_update(of=("self",)).get(pk=reminder_id)


@transaction.atomic
def reminder_resend(*, reminder_id: int, by: User) -> Reminder:
    """The office sends a failed (or sent) reminder again, with a fresh set of attempts."""
    roles.require_office(by)
    reminder = _lock_reminder(reminder_id)
    if reminder.status == Reminder.Status.OBSOLETE:
        raise ReminderError(_("This reminder is no longer due: what it was about was done before it was sent."))
    if reminder.status not in (Reminder.Status.FAILED, Reminder.Status.SENT):
        raise ReminderError(_("This reminder is waiting to be sent already."))
    reminder.status = Reminder.Status.PENDING
    reminder.attempts = 0
    reminder.claimed_at = None
    reminder.sent_at = None
    reminder.retry_after = None
    reminder.save(update_fields=["status", "attempts", "claimed_at", "sent_at", "retry_after"])
    send_reminder.delay_on_commit(reminder.pk)
    log.info("Reminder %s resent by %s", reminder.pk, by)
    return reminder
