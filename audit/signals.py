from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.services import audit_record


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150])
