"""Recording security events: ``audit_record(kind=..., request=..., user=..., **detail)``."""

from audit.models import AuditEvent


def client_address(request):
    # Behind the proxy, REMOTE_ADDR is the proxy; the proxy sets X-Forwarded-For's last hop (see README).
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, kind, request=None, user=None, username="", **detail):
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        actor=user,
        username=username or (user.get_username() if user else ""),
        ip_address=client_address(request),
        path=(request.get_full_path()[:300] if request is not None else ""),
        detail=detail,
    )
