from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Security audit log")

    def ready(self):
        from audit import signals  # noqa: F401

        checks.register(check_retention, checks.Tags.security)


def check_retention(app_configs, **kwargs):
    from django.conf import settings

    from audit.management.commands.purge_audit import MINIMUM_RETENTION_DAYS

    if settings.AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        return [
            checks.Error(
                f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; the audit log is kept at least "
                f"{MINIMUM_RETENTION_DAYS} days.",
                id="audit.E001",
            )
        ]
    return []
