"""Report actions: starting an export, importing an archive. Permissions are checked here."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from core.exceptions import ActionRefused

from . import importer
from .models import ExportJob
from .tasks import run_export

log = logging.getLogger(__name__)


class ExportError(ActionRefused):
    """An export cannot be started again now; the message says why."""


def report_scope(user):
    """The unit whose part a user may see (``None`` = everything for the office); 403 for anyone else."""
    if roles.is_office(user):
        return None
    if roles.is_unit_secretary(user):
        return user.secretary_of
    raise PermissionDenied


@transaction.atomic
def export_start(*, kind, campaign=None, by) -> ExportJob:
    unit = report_scope(by)
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit, requested_by=by)
    run_export.delay_on_commit(job.pk)
    return job


@transaction.atomic
def export_restart(*, job, by) -> ExportJob:
    """Start a failed export again (its worker died, or its file could not be written). Only its requester may:
    the access helper of the view has checked that ``job`` is theirs."""
    if job.requested_by_id != by.pk:
        raise PermissionDenied
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ExportJob.Status.FAILED:
        raise ExportError(_("Only a failed export can be started again."))
    job.status, job.done, job.total, job.file, job.finished_at, job.progress_at = ExportJob.Status.PENDING, 0, 0, "", None, None
    job.save(update_fields=["status", "done", "total", "file", "finished_at", "progress_at"])
    run_export.delay_on_commit(job.pk)
    return job


def exports_recover(now=None):
    """The periodic repair of exports (config/schedules.py). A running job without progress for
    EXPORT_LEASE_SECONDS lost its worker: it becomes failed, for its requester to start again. A job still
    waiting after that long lost its message (the broker restarted empty): it is queued again, at most once per
    lease; the claim in run_export makes a second message harmless. Returns (failed, queued again)."""
    now = now or timezone.now()
    silent_since = now - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
    failed = ExportJob.objects.filter(status=ExportJob.Status.RUNNING, progress_at__lt=silent_since).update(
        status=ExportJob.Status.FAILED, finished_at=now
    )
    if failed:
        log.warning("%s exports lost their worker; marked failed, to be started again", failed)
    waiting = list(
        ExportJob.objects.filter(status=ExportJob.Status.PENDING, created_at__lt=silent_since)
        .exclude(progress_at__gte=silent_since)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        ExportJob.objects.filter(pk__in=waiting).update(progress_at=now)
        for pk in waiting:
            run_export.delay_on_commit(pk)
    return failed, len(waiting)


def archive_import(*, file, by):
    if not roles.is_office(by):
        raise PermissionDenied
    return importer.import_archive(file)
