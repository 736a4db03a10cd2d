"""The export task. Safe to run twice: the job is claimed with a conditional UPDATE (pending → running).

A worker that dies while exporting leaves the job running; its progress stops, and ``recover_exports`` marks it
failed after EXPORT_LEASE_SECONDS so that its requester can start it again.
"""

import datetime
import logging
import tempfile

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .exports import write_list
from .models import ExportJob

log = logging.getLogger(__name__)


@shared_task
def run_export(job_id: int) -> None:
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, progress_at=timezone.now()
    )
    if not claimed:
        return  # Another worker has it, or it is finished.
    job = ExportJob.objects.select_related("campaign", "unit").get(pk=job_id)

    def progress(done, total):
        ExportJob.objects.filter(pk=job_id).update(done=done, total=total, progress_at=timezone.now())

    try:
        with tempfile.TemporaryFile() as stream:
            write_list(job.kind, stream, campaign=job.campaign, unit=job.unit, progress=progress)
            stream.seek(0)
            job.file.save(f"{job.kind}-{job.pk}.xlsx", File(stream), save=False)
        ExportJob.objects.filter(pk=job_id).update(
            file=job.file.name, status=ExportJob.Status.DONE, finished_at=timezone.now()
        )
    except Exception:
        log.exception("Export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED, finished_at=timezone.now())
        raise


@shared_task
def recover_exports():
    """Jobs whose worker died: failed, to be started again; jobs whose message was lost: queued again."""
    return exports_recover()


def exports_recover(now=None):
    """The periodic repair of exports (config/schedules.py). A running job without progress for
    EXPORT_LEASE_SECONDS lost its worker: it becomes failed, for its requester to start again. A job still
    waiting after that long lost its message (the broker restarted empty): it is queued again, at most once per
    lease; the claim in run_export makes a second message harmless. Returns (failed, queued again)."""
    now = now or timezone.now()
    silent_since = now - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
    # A job claimed before progress_at existed has none: its age stands in for it.
    silent = Q(progress_at__lt=silent_since) | Q(progress_at__isnull=True, created_at__lt=silent_since)
    failed = ExportJob.objects.filter(silent, status=ExportJob.Status.RUNNING).update(
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
