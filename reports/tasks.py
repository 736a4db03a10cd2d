"""The export and archive import tasks. Safe to run twice: a job is claimed with a conditional UPDATE
(pending → running).

A worker that dies while exporting leaves the job running; its progress stops, and ``recover_exports`` marks it
failed after EXPORT_LEASE_SECONDS so that its requester can start it again. The same scan recovers archive imports
(reports.import_jobs.imports_recover).
"""

import logging
import tempfile

from celery import shared_task
from django.core.files import File
from django.utils import timezone

from .exports import write_list
from .import_jobs import import_job_run, imports_recover
from .leases import requeue_waiting, silent_since
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
def run_archive_import(job_id: int) -> None:
    import_job_run(job_id)


@shared_task
def recover_exports():
    """Jobs whose worker died: failed, to be started again; jobs whose message was lost: queued again. Exports and
    archive imports alike (one scan, one schedule)."""
    return exports_recover(), imports_recover(queue=run_archive_import.delay_on_commit)


def exports_recover(now=None):
    """The periodic repair of exports (config/schedules.py). A running job without progress for
    EXPORT_LEASE_SECONDS lost its worker: it becomes failed, for its requester to start again. A job still
    waiting after that long lost its message (the broker restarted empty): it is queued again, at most once per
    lease; the claim in run_export makes a second message harmless. Returns (failed, queued again)."""
    now = now or timezone.now()
    since, silent = silent_since(now)
    failed = ExportJob.objects.filter(silent, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.FAILED, finished_at=now
    )
    if failed:
        log.warning("%s exports lost their worker; marked failed, to be started again", failed)
    return failed, requeue_waiting(ExportJob, now=now, since=since, queue=run_export.delay_on_commit)
