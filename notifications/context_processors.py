from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.services import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, SimpleLazyObject]:
    """The navigation's unread count, counted only if a template shows it."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
