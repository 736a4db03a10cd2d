"""Recording security events: ``audit_record(kind=..., request=..., user=..., **detail)``.

A service that writes its row in its own transaction has no request: it passes ``user`` and what it was told of
the request (``ip_address``, ``path``) instead."""

from typing import Any

from django.http import HttpRequest

from accounts.models import User
from audit.models import AuditEvent
from core.http import forwarded_client_address


def audit_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    ip_address: str | None = None,
    path: str = "",
    **detail: Any,
) -> AuditEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        actor=user,
        username=username or (user.get_username() if user else ""),
        ip_address=ip_address or forwarded_client_address(request),
        path=(path or (request.get_full_path() if request is not None else ""))[:300],
        detail=detail,
    )
