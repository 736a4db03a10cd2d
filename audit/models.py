from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log cannot be edited.")

    def delete(self):
        raise PermissionError("The audit log cannot be edited.")

    def purge_before(self, cutoff) -> int:
        """Delete the rows recorded before ``cutoff``: only ``purge_audit`` calls it, after checking the retention
        (on PostgreSQL the trigger refuses any younger row whatever the caller)."""
        return models.QuerySet.delete(self.filter(at__lt=cutoff))[0]


class AuditEvent(models.Model):
    """One security-relevant event: who (actor, username), when, from where (address), on what (target), what
    (kind, detail) and how it ended (outcome). Append-only: the model refuses updates and deletes, and on PostgreSQL
    a trigger refuses them in the database too (migrations 0002 and 0003): only rows older than 180 days can be
    deleted, by ``purge_audit``."""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", _("Failed login")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        SCORE_CORRECTION = "score_correction", _("Score correction")
        PERSONAL_DATA_EXPORT = "personal_data_export", _("Export of personal data")
        LOGIN = "login", _("Login")
        LOGOUT = "logout", _("Logout")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Second factor enrolled")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Second factor accepted")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Second factor refused")
        TWO_FACTOR_RESET = "two_factor_reset", _("Second factor reset")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("Recovery codes renewed")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        LOCKOUT_RESET = "lockout_reset", _("Lockout lifted")
        ADMIN_CHANGE = "admin_change", _("Administration change")
        USER_DELETE_REFUSED = "user_delete_refused", _("User deletion refused")
        PERSONAL_DATA_DOWNLOAD = "personal_data_download", _("Download of personal data")
        DATA_IMPORT = "data_import", _("Import")
        BALLOT_CODES_ISSUED = "ballot_codes_issued", _("Ballot codes issued")
        PUBLICITY_APPROVED = "publicity_approved", _("Publicity approved")
        OBJECTOR_IDENTITY_READ = "objector_identity_read", _("Objector identity read")
        ID_NUMBER_REVEAL = "id_number_reveal", _("Full ID number shown")
        EXAMINER_ACCOUNT = "examiner_account", _("Examiner's account created or attached")
        REGISTRATION_CONTROL = "registration_control", _("Registration paused, resumed or extended")
        LATE_REGISTRATION = "late_registration", _("Late registration permitted")
        VACANCY_OVERRIDE = "vacancy_override", _("Approved number of posts overridden")
        # The candidate's file (competition.candidates): each request and each decision, with its reason.
        APPEAL = "appeal", _("Review on appeal")
        EXCEPTION = "exception", _("Exception to a requirement")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("success")
        FAILURE = "failure", _("failure")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        # PROTECT: a user who appears in the log is deactivated, never deleted (the row would have to change).
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # What the action was about ("accounts.user:12 王芳") and whether it succeeded.
    target = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log cannot be edited.")
