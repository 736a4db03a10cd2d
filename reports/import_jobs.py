"""The archive import as a background job (issue 19.4): the upload is saved, a Celery task imports it
(reports.tasks.run_archive_import) and the upload page follows its progress.

The import writes everything in one transaction (all or nothing, reports.importer), so a progress written on the
task's own connection would be seen by nobody before the end. ``JobProgress`` writes it to the job row on a
connection of its own, committed at once. SQLite, which locks the whole database while a transaction writes, gets
no progress in between: the page shows the phase the job started in until it ends (the first-run database only).

A worker lost mid-import: its connection closes, PostgreSQL rolls the import's transaction back, and the job stays
running without progress; ``imports_recover`` (with the exports' periodic recovery) marks it failed after
EXPORT_LEASE_SECONDS and deletes the upload, and the office uploads the file again.
"""

import dataclasses
import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.utils import timezone, translation

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from core.statistics import analyze_after_commit

from . import importer
from .leases import requeue_waiting, silent_since
from .models import ImportJob

log = logging.getLogger(__name__)


def import_recorded(*, file, name: str, by: User, progress=None) -> importer.ImportSummary:
    """Import the workbook and record it: an audit event with its outcome; the tables written analysed after the
    commit. Raises ``importer.ArchiveInvalid`` (nothing written) for a file with errors."""
    try:
        summary = importer.import_archive(file, progress)
    except importer.ArchiveInvalid:
        audit_record(kind=AuditEvent.Kind.DATA_IMPORT, user=by, target=name, outcome=AuditEvent.Outcome.FAILURE, what="archive")
        raise
    audit_record(kind=AuditEvent.Kind.DATA_IMPORT, user=by, target=name, what="archive")
    analyze_after_commit(*importer.WRITTEN_MODELS)
    return summary


class JobProgress:
    """``progress(phase, done, total)`` for the importer: an UPDATE of the job row on a PostgreSQL connection of its
    own, in autocommit, so that the page sees it while the import's transaction is still open."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.own = None
        default = connections[DEFAULT_DB_ALIAS]
        if default.vendor == "postgresql":
            self.own = type(default)(dict(default.settings_dict), alias="import-progress")

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.own is None:
            return
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        try:
            with self.own.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET phase = %s, done = %s, total = %s, progress_at = %s WHERE id = %s AND status = %s",
                    [phase, done, total, timezone.now(), self.job_id, ImportJob.Status.RUNNING],
                )
        except DatabaseError:  # the progress is for the page: the import goes on without it
            log.warning("Archive import %s: its progress could not be written", self.job_id, exc_info=True)

    def close(self) -> None:
        if self.own is not None:
            self.own.close()


def _discard_upload(job_id: int) -> None:
    """The upload holds ID numbers in full: deleted once its import has ended, whatever the outcome."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is not None and job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="")


def import_job_run(job_id: int) -> None:
    """The task's body. Safe to run twice: the job is claimed with a conditional UPDATE (pending → running)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING, phase=ImportJob.Phase.READING, progress_at=timezone.now()
    )
    if not claimed:
        return  # Another worker has it, or it is finished.
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    progress = JobProgress(job_id)
    try:
        with translation.override(job.language or None), job.file.open("rb") as stream:
            try:
                summary = import_recorded(file=stream, name=job.name, by=job.requested_by, progress=progress)
            except importer.ArchiveInvalid as refusal:
                issues = [dataclasses.asdict(issue) for issue in refusal.issues]
                ImportJob.objects.filter(pk=job_id).update(
                    status=ImportJob.Status.REFUSED, issues=issues, more_issues=refusal.more, finished_at=timezone.now()
                )
                return
        written = sum(dataclasses.asdict(summary).values())
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.DONE, phase=ImportJob.Phase.WRITING, summary=dataclasses.asdict(summary),
            finished_at=timezone.now(), progress_at=timezone.now(), done=written, total=written,
        )
    except Exception:
        log.exception("Archive import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, finished_at=timezone.now())
        raise
    finally:
        progress.close()
        _discard_upload(job_id)


def imports_recover(now=None, queue=None) -> tuple[int, int]:
    """The periodic repair of imports, as exports_recover's of exports (config/schedules.py): a running import
    silent for EXPORT_LEASE_SECONDS lost its worker (its transaction was rolled back): failed, its upload deleted,
    for the office to upload again. One still waiting after that long lost its message: queued again (``queue``),
    at most once per lease. Returns (failed, queued again)."""
    now = now or timezone.now()
    since, silent = silent_since(now)
    lost = list(ImportJob.objects.filter(silent, status=ImportJob.Status.RUNNING).values_list("pk", flat=True))
    failed = ImportJob.objects.filter(pk__in=lost, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED, finished_at=now
    )
    for pk in lost:
        _discard_upload(pk)
    if failed:
        log.warning("%s archive imports lost their worker; marked failed, to be uploaded again", failed)
    return failed, requeue_waiting(ImportJob, now=now, since=since, queue=queue or (lambda pk: None))
