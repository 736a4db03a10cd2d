"""Recording security events: ``audit_record(kind=..., request=..., user=..., target=obj, outcome=..., **detail)``.

A service that writes its row in its own transaction may have no request: it passes ``user`` and what it was told
of the request (``ip_address``, ``path``) instead.

Without a request the one being served is used (``current_request``, set by audit.middleware), so that signal
receivers (logins, admin changes, security events) record the client address too.
"""

import contextvars
import functools
from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import HttpRequest

from accounts.models import User
from audit.models import AuditEvent
from core.http import client_ip

current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("audit_request", default=None)


def describe(obj: Any) -> str:
    """An object as the log names it: ``app.model:pk text``."""
    if obj is None:
        return ""
    if isinstance(obj, models.Model):
        return f"{obj._meta.label_lower}:{obj.pk} {obj}"[:200]
    return str(obj)[:200]


def audit_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    ip_address: str | None = None,
    path: str = "",
    target: Any = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    **detail: Any,
) -> AuditEvent:
    request = request if request is not None else current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None and user.pk is None:
        user = None
    return AuditEvent.objects.create(
        kind=kind,
        actor=user,
        username=username or (user.get_username() if user else ""),
        ip_address=ip_address or (client_ip(request) if request is not None else None),
        path=(path or (request.get_full_path() if request is not None else ""))[:300],
        target=describe(target),
        outcome=outcome,
        detail=detail,
    )


def audited_download(what: str, target_of: Callable[..., Any] | None = None):
    """A view decorator: a download of personal data (a file, a workbook, a print page) that succeeded is
    recorded with what it was and the object it was about (``target_of(**view_kwargs)`` or the view's id
    arguments)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                target = target_of(**kwargs) if target_of else ", ".join(f"{k}={v}" for k, v in kwargs.items())
                audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD, request=request, target=target, download=what)
            return response

        return wrapped

    return decorator


def audited_post(kind: str, what: str, succeeded: tuple[int, ...] = (301, 302, 303)):
    """A view decorator for an import and the like: every POST is recorded, a success when the view redirects
    (the views' way of saying it worked), a failure otherwise."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method == "POST":
                outcome = AuditEvent.Outcome.SUCCESS if response.status_code in succeeded else AuditEvent.Outcome.FAILURE
                target = ", ".join(f"{k}={v}" for k, v in kwargs.items())
                audit_record(kind=kind, request=request, target=target, outcome=outcome, what=what)
            return response

        return wrapped

    return decorator
