"""The export task. Safe to run twice: the job is claimed with a conditional UPDATE (pending → running)."""

import logging
import tempfile

from celery import shared_task
from django.core.files import File
from django.utils import timezone

from .exports import write_list
from .models import ExportJob

log = logging.getLogger(__name__)


@shared_task
def run_export(job_id: int) -> None:
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(status=ExportJob.Status.RUNNING)
    if not claimed:
        return  # Another worker has it, or it is finished.
    job = ExportJob.objects.select_related("campaign", "unit").get(pk=job_id)

    def progress(done, total):
        ExportJob.objects.filter(pk=job_id).update(done=done, total=total)

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
