"""What the audit log hears: logins and logouts, refused logins, the security events of accounts (two factors,
roles, lockouts) and every change made in the Django admin."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.signals import security_event
from audit.models import AuditEvent
from audit.services import audit_record


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    audit_record(
        kind=AuditEvent.Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150],
        outcome=AuditEvent.Outcome.FAILURE,
    )


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(kind=AuditEvent.Kind.LOGIN, request=request, user=user, target=user)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=AuditEvent.Kind.LOGOUT, request=request, user=user, target=user)


@receiver(security_event)
def record_security_event(sender, kind, user, target=None, outcome="success", detail=None, **kwargs):
    audit_record(kind=kind, user=user, target=target, outcome=outcome, **(detail or {}))


ADMIN_ACTIONS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


@receiver(post_save, sender=LogEntry)
def record_admin_change(sender, instance, created, **kwargs):
    """Every add, change and delete made in the Django admin (which writes a LogEntry for each)."""
    if created:
        audit_record(
            kind=AuditEvent.Kind.ADMIN_CHANGE,
            user=instance.user,
            target=f"{instance.content_type.app_label}.{instance.content_type.model}:{instance.object_id} {instance.object_repr}",
            action=ADMIN_ACTIONS.get(instance.action_flag, str(instance.action_flag)),
            change=str(instance.get_change_message())[:500],
        )
