"""Telling people things: an inbox row for each recipient, and an email once the transaction commits."""

from django.db import transaction

from notifications.models import Notification


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
