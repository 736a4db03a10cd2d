"""Issue 23, point 1's export: a worker that dies while exporting leaves a job that is marked failed and can be
started again; a job whose message was lost is queued again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import ExportJob
from reports.tasks import exports_recover, run_export

pytestmark = pytest.mark.django_db


def _ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def test_the_export_task_notes_its_progress(office):
    job = ExportJob.objects.create(kind="roster", requested_by=office)
    run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress_at is not None


def test_a_running_export_silent_past_the_lease_is_marked_failed_and_a_busy_one_is_left_alone(office, settings):
    settings.EXPORT_LEASE_SECONDS = 600
    dead = ExportJob.objects.create(kind="roster", requested_by=office, status="running", progress_at=_ago(601))
    busy = ExportJob.objects.create(kind="roster", requested_by=office, status="running", progress_at=_ago(30))
    older = ExportJob.objects.create(kind="roster", requested_by=office, status="running")  # claimed before the field
    ExportJob.objects.filter(pk=older.pk).update(created_at=_ago(700))
    assert exports_recover() == (2, 0)
    dead.refresh_from_db(), busy.refresh_from_db(), older.refresh_from_db()
    assert dead.status == older.status == ExportJob.Status.FAILED and dead.finished_at is not None
    assert busy.status == ExportJob.Status.RUNNING


def test_a_waiting_export_whose_message_was_lost_is_queued_again_once_per_lease(office, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_LEASE_SECONDS = 600
    lost = ExportJob.objects.create(kind="roster", requested_by=office)
    ExportJob.objects.filter(pk=lost.pk).update(created_at=_ago(700))
    fresh = ExportJob.objects.create(kind="roster", requested_by=office)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert exports_recover() == (0, 1)
        assert exports_recover() == (0, 0)  # queued again at most once per lease
    assert len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        exports_recover(now=timezone.now() + datetime.timedelta(seconds=601))
    lost.refresh_from_db(), fresh.refresh_from_db()
    assert lost.status == ExportJob.Status.DONE and fresh.status == ExportJob.Status.DONE


def test_its_requester_starts_a_failed_export_again(client, office, django_capture_on_commit_callbacks):
    job = ExportJob.objects.create(kind="roster", requested_by=office, status="failed", done=400, total=1000)
    client.force_login(office)
    page = client.get(reverse("reports:export_detail", args=[job.pk])).content.decode()
    assert f'action="{reverse("reports:export_restart", args=[job.pk])}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_restart", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.file


def test_only_a_failed_export_starts_again_and_only_for_its_requester(client, office, secretary):
    done = ExportJob.objects.create(kind="roster", requested_by=office, status="done")
    failed = ExportJob.objects.create(kind="roster", requested_by=office, status="failed")
    client.force_login(office)
    response = client.post(reverse("reports:export_restart", args=[done.pk]), follow=True)
    assert "Only a failed export can be started again." in response.content.decode()
    done.refresh_from_db()
    assert done.status == ExportJob.Status.DONE
    client.force_login(secretary)
    assert client.post(reverse("reports:export_restart", args=[failed.pk])).status_code == 404
    assert client.get(reverse("reports:export_restart", args=[failed.pk])).status_code == 405


def test_the_recovery_is_a_scheduled_job(settings):
    assert settings.CELERY_BEAT_SCHEDULE["reports.recover-exports"]["task"] == "reports.tasks.recover_exports"
