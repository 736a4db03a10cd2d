from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import rules as roles
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from core.paging import paginate


@login_required
def audit_log(request):
    """The audit administrator (and nobody else) reads the security audit log; nobody can change it."""
    roles.require(roles.is_audit_admin, request.user)
    filters = AuditFilterForm(request.GET)
    return render(
        request,
        "audit/log.html",
        {
            "page": paginate(request, filters.filter(AuditEvent.objects.all())),
            "filters": filters,
            "combined_roles_allowed": settings.ALLOW_COMBINED_ADMIN_ROLES,
            "retention_days": settings.AUDIT_RETENTION_DAYS,
        },
    )
