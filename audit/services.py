"""Recording security events: ``audit_record(kind=..., request=..., user=..., **detail)``."""

from typing import Any

from django.http import HttpRequest

from accounts.models import User
from audit.models import AuditEvent
from core.http import client_ip


def audit_record(
    *, kind: str, request: HttpRequest | None = None, user: User | None = None, username: str = "", **detail: Any
) -> AuditEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        actor=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_ip(request) if request is not None else None,
        path=(request.get_full_path()[:300] if request is not None else ""),
        detail=detail,
    )

