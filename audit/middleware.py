from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from audit.services import audit_record


class AuditPermissionDeniedMiddleware:
    """Record every refused request (a view raising PermissionDenied) in the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit_record(kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, method=request.method)
        return None
