"""Report actions: starting an export, importing an archive. Permissions are checked here."""

import uuid
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from competition.models import Campaign, Unit
from core.exceptions import ActionRefused

from . import importer
from .import_jobs import import_recorded
from .models import ExportJob, ImportJob
from .tasks import run_archive_import, run_export


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
    """Import a workbook now, in this process (the command line, the tests); the upload page starts a job."""
    roles.require_office(by)
    return import_recorded(file=file, name=str(getattr(file, "name", ""))[:100], by=by)


@transaction.atomic
def archive_import_start(*, file: IO[bytes], by: User) -> ImportJob:
    """Save the upload and queue its import (reports.tasks.run_archive_import); the page follows the job."""
    roles.require_office(by)
    job = ImportJob(requested_by=by, name=str(getattr(file, "name", ""))[:100], language=translation.get_language() or "")
    # Stored under a name of our own: the user's file name is only shown.
    job.file.save(f"{uuid.uuid4().hex}.xlsx", File(file), save=False)
    job.save()
    run_archive_import.delay_on_commit(job.pk)
    return job
