"""Issue 19.4: the archive import runs as a job in the background; the upload page follows its progress.

The upload is saved and imported by a Celery task (eager in the tests) with a job row: its phase and progress while
it runs (written on a connection of its own, seen while the import's transaction is open), then its summary or the
file's errors. A worker lost mid-import writes nothing, and the job is marked failed after its lease.
"""

import datetime
import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from competition.models import Application, Campaign, Person, Unit
from reports import importer, services
from reports.import_jobs import JobProgress, import_job_run, imports_recover
from reports.models import ImportJob
from tenure.models import Term
from tests.factories import OfficeUserFactory
from tests.markers import needs_postgresql

from .archive import upload, workbook_bytes
from .test_importer import counts, valid_sheets

pytestmark = pytest.mark.django_db


def _ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def no_analyse(monkeypatch):
    """No ANALYZE after these imports: it sets the planner's row counts even in a transaction that is rolled back,
    and test_importer's test of the ANALYZE compares them with the rows its own import writes."""
    monkeypatch.setattr("reports.import_jobs.analyze_after_commit", lambda *models: None)


def _job(office, content=None, **fields):
    job = ImportJob(requested_by=office, name="档案.xlsx", **fields)
    job.file.save("upload.xlsx", ContentFile(content or workbook_bytes(valid_sheets()).getvalue()), save=False)
    job.save()
    return job


def test_an_upload_becomes_a_job_that_imports_the_file_and_then_deletes_it(client, office):
    client.force_login(office)
    response = upload(client, workbook_bytes(valid_sheets()), name="2004年档案.xlsx")
    job = ImportJob.objects.get()
    assert response.request["PATH_INFO"] == reverse("reports:import_detail", args=[job.pk])
    assert (job.status, job.requested_by, job.name) == (ImportJob.Status.DONE, office, "2004年档案.xlsx")
    assert job.summary == {"units": 2, "people": 2, "terms": 2, "campaigns": 1, "posts": 2, "applications": 3}
    assert not job.file and job.finished_at is not None
    assert Campaign.objects.filter(name="2004年统一竞岗").exists()
    html = response.content.decode()
    assert "<progress" not in html and "Applications: 3" in html


def test_a_refused_file_writes_nothing_and_its_job_lists_the_errors_in_the_uploaders_language(office):
    sheets = valid_sheets()
    sheets["报名"][2][6] = "录取"
    before = counts()
    with translation.override("zh-hans"):
        job = _job(office, workbook_bytes(sheets).getvalue(), language=translation.get_language())
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED and not job.file
    assert [(i["sheet"], i["row"], i["column"]) for i in job.issues] == [("报名", 4, "结果")]
    assert "不是" in job.issues[0]["message"] or "之一" in job.issues[0]["message"], job.issues[0]["message"]
    assert counts() == before


def test_a_job_is_run_once_only(office):
    job = _job(office)
    import_job_run(job.pk)
    import_job_run(job.pk)  # a second message for the same job: it is no longer waiting
    assert Campaign.objects.count() == 1 and ImportJob.objects.get().status == ImportJob.Status.DONE


def test_a_worker_that_fails_mid_import_writes_nothing_and_the_job_is_failed(office, monkeypatch):
    job = _job(office)
    before = counts()

    def broken(self):
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(importer._Writer, "_write_terms", broken)
    with pytest.raises(RuntimeError):
        import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and not job.file
    assert counts() == before and not Unit.objects.exists()


def test_a_running_import_silent_past_the_lease_is_failed_and_its_upload_deleted(office, settings):
    settings.EXPORT_LEASE_SECONDS = 600
    dead = _job(office, status="running", phase="writing", progress_at=_ago(601))
    busy = _job(office, status="running", phase="checking", progress_at=_ago(30))
    lost = _job(office)
    ImportJob.objects.filter(pk=lost.pk).update(created_at=_ago(700))
    queued = []
    assert imports_recover(queue=queued.append) == (1, 1)
    dead.refresh_from_db(), busy.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and not dead.file and dead.finished_at is not None
    assert busy.status == ImportJob.Status.RUNNING and busy.file
    assert queued == [lost.pk]
    assert imports_recover(queue=queued.append) == (0, 0)  # queued again at most once per lease


def test_the_periodic_recovery_of_exports_recovers_imports_too(office, settings):
    from reports.tasks import recover_exports

    settings.EXPORT_LEASE_SECONDS = 600
    _job(office, status="running", progress_at=_ago(601))
    assert recover_exports() == ((0, 0), (1, 0))


def test_a_failed_import_page_asks_to_upload_again(client, office):
    job = _job(office, status="failed")
    client.force_login(office)
    response = client.get(reverse("reports:import_detail", args=[job.pk]))
    html = response.content.decode()
    assert "upload the file again" in html and 'name="file"' in html


def test_a_running_import_page_shows_its_progress_and_refreshes_itself_without_script(client, office):
    job = _job(office, status="running", phase="writing", done=500, total=1000)
    client.force_login(office)
    html = client.get(reverse("reports:import_detail", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert 'value="75"' in html  # writing is the second half of the bar
    assert f'data-poll="{reverse("reports:import_progress", args=[job.pk])}"' in html
    assert "Writing: 500 of 1000 rows" in html
    assert 'name="file"' not in html  # no second upload while this one runs
    state = client.get(reverse("reports:import_progress", args=[job.pk])).json()
    assert state == {"status": "running", "active": True, "text": "Writing: 500 of 1000 rows", "done": 500,
                     "total": 1000, "percent": 75}


def test_a_phase_of_unknown_size_shows_an_indeterminate_bar(client, office):
    job = _job(office, status="running", phase="checking", done=5000, total=0)
    client.force_login(office)
    html = client.get(reverse("reports:import_detail", args=[job.pk])).content.decode()
    assert "<progress" in html and 'value="' not in html.split("<progress", 1)[1].split(">", 1)[0]
    assert client.get(reverse("reports:import_progress", args=[job.pk])).json()["percent"] is None


def test_only_its_requester_in_the_office_sees_an_import(client, office, secretary):
    job = _job(office, status="running")
    pages = [reverse("reports:import_detail", args=[job.pk]), reverse("reports:import_progress", args=[job.pk])]
    for url in pages:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(secretary)
    assert [client.get(url).status_code for url in pages] == [403, 403]
    client.force_login(OfficeUserFactory())
    assert [client.get(url).status_code for url in pages] == [404, 404]
    client.force_login(office)
    assert [client.get(url).status_code for url in pages] == [200, 200]


def test_the_upload_page_lists_the_users_recent_imports_only(client, office):
    mine = _job(office, status="done", summary={"units": 1})
    theirs = _job(OfficeUserFactory(), status="done")
    client.force_login(office)
    html = client.get(reverse("reports:import")).content.decode()
    assert reverse("reports:import_detail", args=[mine.pk]) in html
    assert reverse("reports:import_detail", args=[theirs.pk]) not in html


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_progress_is_seen_while_the_import_transaction_is_open(office, monkeypatch):
    """Each report is committed on the progress connection: the job row shows it before the import ends."""
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    job = _job(office)
    seen = []
    original = JobProgress.__call__

    def watched(self, phase, done, total):
        original(self, phase, done, total)
        assert connection.in_atomic_block  # the import's transaction is open
        row = ImportJob.objects.values_list("phase", "done", "total").get(pk=job.pk)
        seen.append(row)

    monkeypatch.setattr(JobProgress, "__call__", watched)
    import_job_run(job.pk)
    phases = [phase for phase, _done, _total in seen]
    assert phases[0] == "reading" and "checking" in phases and phases[-1] == "writing"
    assert phases.index("checking") < phases.index("writing")
    checking = [done for phase, done, _total in seen if phase == "checking"]
    assert checking == sorted(checking) and checking[-1] >= 2
    writing = [(done, total) for phase, done, total in seen if phase == "writing"]
    assert writing[0] == (0, 2 + 1 + 3) and all(done <= total for done, total in writing)  # people, terms, applications
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Application.objects.count() == 3


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_wait_for_each_other_and_write_once(office):
    """The second import waits for the first one's lock, then finds everything the first wrote: nothing twice."""
    from reports.importer import IMPORT_LOCK

    first, second = _job(office), _job(office)
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:  # the first import's lock, held as if it were still writing
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])

    def run(pk):
        try:
            import_job_run(pk)
        finally:
            connection.close()

    waiting = threading.Thread(target=run, args=[second.pk])
    waiting.start()
    waiting.join(timeout=2)
    assert waiting.is_alive()  # blocked on the lock
    holder.rollback()  # the lock given up: the waiting import goes on
    holder.close()
    run(first.pk)  # and this one waits for it in turn
    waiting.join(timeout=30)
    assert not waiting.is_alive()
    first.refresh_from_db(), second.refresh_from_db()
    assert {first.status, second.status} == {ImportJob.Status.DONE}
    summaries = sorted([first.summary["applications"], second.summary["applications"]])
    assert summaries == [0, 3]
    assert Person.objects.count() == 2 and Term.objects.count() == 2 and Application.objects.count() == 3


def test_the_command_line_and_the_service_import_at_once_without_a_job(office):
    summary = services.archive_import(file=workbook_bytes(valid_sheets()), by=office)
    assert summary.applications == 3 and not ImportJob.objects.exists()
