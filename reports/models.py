from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BackgroundJob(models.Model):
    """What an export and an archive import share: the progress a page polls, and the times the lease reads
    (reports.leases: a running job silent for EXPORT_LEASE_SECONDS lost its worker)."""

    done = models.PositiveIntegerField(default=0)
    # 0 while unknown (an import's sheet that does not declare its size): a progress bar then shows activity.
    total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When a worker last showed it is working on the job (claim, progress), or the recovery last queued it again.
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ExportJob(BackgroundJob):
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
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ImportJob(BackgroundJob):
    """An archive import (reports.importer) of an uploaded workbook, run by a Celery task (reports.tasks,
    run_archive_import); the upload page polls its progress and then shows its summary or its refusal."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("import", "Imported")
        REFUSED = "refused", pgettext_lazy("import", "Refused")
        FAILED = "failed", pgettext_lazy("import", "Failed")

    class Phase(models.TextChoices):
        READING = "reading", _("Reading the file")
        CHECKING = "checking", _("Checking the rows")
        WRITING = "writing", _("Writing")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    # The upload, kept until its import ends (it holds ID numbers in full): deleted then, whatever the outcome.
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    name = models.CharField(_("file"), max_length=100, blank=True)
    # The requester's language: the refusal's messages are worded in it (the task has no request).
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    phase = models.CharField(max_length=10, choices=Phase.choices, blank=True)
    summary = models.JSONField(default=dict, blank=True)  # reports.importer.ImportSummary's counts
    issues = models.JSONField(default=list, blank=True)  # the first errors: sheet, row, column, message
    more_issues = models.PositiveIntegerField(default=0)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")

    def __str__(self):
        return f"{self.name or _('archive import')} #{self.pk}"

    @property
    def is_active(self):
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def percent(self):
        """The progress bar's value: writing counts for the second half, reading and checking the first."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return None
        share = min(self.done / self.total, 1)
        return int(50 * share) + (50 if self.phase == self.Phase.WRITING else 0)
