"""Access helpers: return the object, or raise 404 (not visible) / 403 (visible, not allowed)."""

from django.shortcuts import get_object_or_404

from accounts import rules as roles
from accounts.models import User
from notifications.models import Notification, Reminder


def get_notification_for_user(user: User, notification_id: int) -> Notification:
    """A notification in the user's own inbox; another user's is not found."""
    return get_object_or_404(Notification, pk=notification_id, recipient=user)


def get_reminder_for_office(user: User, reminder_id: int) -> Reminder:
    roles.require_office(user)
    return get_object_or_404(Reminder, pk=reminder_id)
