"""Report actions: starting an export, importing an archive. Permissions are checked here."""

from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from competition.models import Campaign, Unit
from core.exceptions import ActionRefused
from core.statistics import analyze_after_commit

from . import importer
from .models import ExportJob
from .tasks import run_export


class ExportError(ActionRefused):
    """An export cannot be started again now; the message says why."""


def report_scope(user: User) -> Unit | None:
    """The unit whose part a user may see (``None`` = everything for the office); 403 for anyone else."""
    if roles.is_office(user):
        return None
    if roles.is_unit_secretary(user):
        return user.secretary_of
    raise PermissionDenied


@transaction.atomic
def export_start(*, kind: str, campaign: Campaign | None = None, by: User) -> ExportJob:
    unit = report_scope(by)
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit, requested_by=by)
    run_export.delay_on_commit(job.pk)
    return job


@transaction.atomic
def export_restart(*, job: ExportJob, by: User) -> ExportJob:
    """Start a failed export again (its worker died, or its file could not be written). Only its requester may:
    the access helper of the view has checked that ``job`` is theirs."""
    if job.requested_by_id != by.pk:
        raise PermissionDenied
    job = ExportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
    if job.status != ExportJob.Status.FAILED:
        raise ExportError(_("Only a failed export can be started again."))
    job.status, job.done, job.total, job.file, job.finished_at, job.progress_at = ExportJob.Status.PENDING, 0, 0, "", None, None
    job.save(update_fields=["status", "done", "total", "file", "finished_at", "progress_at"])
    run_export.delay_on_commit(job.pk)
    return job


def archive_import(*, file: IO[bytes], by: User) -> importer.ImportSummary:
    roles.require_office(by)
    name = str(getattr(file, "name", ""))[:100]
    try:
        summary = importer.import_archive(file)
    except importer.ArchiveInvalid:
        audit_record(kind=AuditEvent.Kind.DATA_IMPORT, user=by, target=name, outcome=AuditEvent.Outcome.FAILURE, what="archive")
        raise
    audit_record(kind=AuditEvent.Kind.DATA_IMPORT, user=by, target=name, what="archive")
    analyze_after_commit(*importer.WRITTEN_MODELS)
    return summary
