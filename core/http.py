"""HTTP helpers every app's views share."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.exceptions import ActionRefused

T = TypeVar("T")


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits key it: REMOTE_ADDR only (a forwarded header is whatever the client
    says unless a trusted proxy sets it)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def forwarded_client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the audit log records it: X-Forwarded-For's last hop, which the proxy sets (see
    README), else REMOTE_ADDR."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def form_error_message(request: HttpRequest, form) -> None:
    """All of a form's errors as one message on the next page (for forms posted from another page's panel)."""
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors) or _("Please correct the form."))


def attempt(request: HttpRequest, call: Callable[[], T], *, success: str | Callable[[T], str]) -> T | None:
    """Run one service call for a view: on success put ``success`` on the next page (or ``success(result)``, for a
    message that tells what the call did) and return the call's result; on a refusal (``ActionRefused``) put its
    message there instead and return None. The views' one try/refused/message block; the view then redirects (or
    renders) as it would either way."""
    try:
        result = call()
    except ActionRefused as error:
        messages.error(request, str(error))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
