from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.registry import REGISTRY


class Notification(models.Model):
    """A message in a user's in-app inbox. Email (and SMS) copies are sent after the transaction commits."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # What subject and body say, as notifications.messages.dump writes it: the inbox and the email render it in
    # the reader's language. Rows written before it was kept have {} and show subject and body as they are.
    message = models.JSONField(_("stored message"), default=dict, blank=True, editable=False)
    url = models.CharField(_("link"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The navigation shows each page's unread count.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return self.subject


class ReminderQuerySet(models.QuerySet):
    def dispatchable(self, now):
        """Pending rows whose next attempt is due: what the scan hands to the sending task."""
        return self.filter(status=Reminder.Status.PENDING).filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now))


class Reminder(models.Model):
    """One reminder of one rule about one object to one recipient for one due date.

    The unique key makes it impossible to create the same reminder twice, however often the scan runs.
    ``status`` moves PENDING → SENDING (claimed by one worker with a conditional UPDATE) → SENT or back to
    PENDING (transient error, retried later) or FAILED (attempts exhausted, or interrupted: see tasks.py), or
    OBSOLETE (its reason went away before it was sent: nothing sent).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Its reason went away before it was sent (the rule's still_due): the post was released, the review done.
        OBSOLETE = "obsolete", _("No longer due")

    rule = models.CharField(_("rule"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="reminders"
    )
    due_date = models.DateField(_("due date"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # Subject and body as messages.dump writes them: rendered in the recipient's language when the reminder is
    # sent (subject and body above are the copy written at the scan, shown on the office's page; {} on old rows).
    message = models.JSONField(_("stored message"), default=dict, blank=True, editable=False)
    url = models.CharField(_("link"), max_length=300, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    retry_after = models.DateTimeField(_("retry after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # The scan inserts with ignore_conflicts: this key is what makes a reminder go out at most once.
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "due_date"], name="reminder_unique_key"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="reminder_sent_has_sent_at"
            ),
        ]
        indexes = [
            # The scan dispatches pending rows; the office page lists by status.
            models.Index(fields=["status", "retry_after"], name="reminder_status_retry"),
        ]

    def __str__(self):
        return f"{self.rule} → {self.recipient} ({self.due_date:%Y-%m-%d})"


class RuleSetting(models.Model):
    """The office's lead time for a reminder rule, overriding the default in settings (REMINDER_LEAD_DAYS)."""

    rule = models.CharField(_("rule"), max_length=50, unique=True)
    lead_days = models.PositiveSmallIntegerField(_("lead time (days)"))
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        ordering = ["rule"]
        verbose_name = _("reminder rule setting")
        verbose_name_plural = _("reminder rule settings")

    def __str__(self):
        return f"{self.rule}: {self.lead_days}"

    def clean(self):
        if self.rule and self.rule not in REGISTRY:
            raise ValidationError(
                {"rule": _("Unknown rule. Known rules: %(rules)s") % {"rules": ", ".join(sorted(REGISTRY))}}
            )
