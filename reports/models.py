from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExportJob(models.Model):
    """A large Excel export, written by a Celery task; the page polls its progress and offers the download."""

    class Kind(models.TextChoices):
        ROSTER = "roster", _("Cadre roster")
        RESULTS = "results", _("Applications and results")
        TERMS = "terms", _("Terms")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", pgettext_lazy("export", "Failed")

    kind = models.CharField(_("export"), max_length=20, choices=Kind.choices)
    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.CASCADE
    )
    # The part the requester may see: None for the office (everything), the secretary's unit otherwise.
    unit = models.ForeignKey("competition.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When a worker last showed it is working on the job (claim, progress), or the scan last queued it again: a
    # running job silent for EXPORT_LEASE_SECONDS lost its worker (reports/tasks.py, exports_recover).
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
