from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from audit.services import audit_record, current_request


class AuditPermissionDeniedMiddleware:
    """Record every refused request (a view raising PermissionDenied) in the audit log, and make the request
    being served known to the audit records made by signal receivers (their client address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit_record(
                kind=AuditEvent.Kind.PERMISSION_DENIED, request=request, outcome=AuditEvent.Outcome.FAILURE,
                method=request.method,
            )
        return None
