from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import rules as roles
from audit.models import AuditEvent


@login_required
def audit_log(request):
    """The audit administrator (and nobody else) reads the security audit log; nobody can change it."""
    roles.require(roles.is_audit_admin, request.user)
    events = AuditEvent.objects.select_related("actor")
    kind = request.GET.get("kind")
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "kinds": AuditEvent.Kind.choices,
            "kind": kind,
            "combined_roles_allowed": settings.ALLOW_COMBINED_ADMIN_ROLES,
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )
