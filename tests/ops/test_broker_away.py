"""Point 4 of issue 23: a task that cannot be queued never fails the request, and is queued once the broker is back."""

import datetime
import logging
import time

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from config.celery import Task, app
from ops.models import QueuedTask
from ops.outbox import outbox_flush
from reports.models import ExportJob
from tests.ops.conftest import CLOSED_PORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_away(monkeypatch):
    """The project's app as a web worker runs it (tasks go to the broker), with a broker that refuses them."""

    def refuse(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # Celery's settings are not monkeypatch's to restore (no instance dict)
    monkeypatch.setattr(Celery, "send_task", refuse)

    def back():
        monkeypatch.undo()
        app.conf.task_always_eager = eager

    yield back
    back()


def test_a_real_broker_that_refuses_costs_the_caller_no_error_and_little_time(caplog, monkeypatch):
    caplog.set_level(logging.WARNING, logger="config.celery")
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to the broker it is given
    refusing = Celery("refusing", task_cls=Task, broker=CLOSED_PORT, set_as_current=False)
    refusing.conf.update(
        task_publish_retry_policy=django_settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
        broker_connection_timeout=django_settings.CELERY_BROKER_CONNECTION_TIMEOUT,
    )

    @refusing.task(name="tests.ops.echo")
    def echo(value):
        return value

    started = time.perf_counter()
    for value in range(5):
        assert echo.delay(value) is None
    assert time.perf_counter() - started < 3
    assert list(QueuedTask.objects.values_list("name", "args")) == [("tests.ops.echo", [v]) for v in range(5)]
    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1


def test_an_export_started_while_the_broker_is_away_succeeds_and_runs_when_it_is_back(
    broker_away, client, office, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.WARNING, logger="config.celery")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_start"), {"kind": "roster"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:export_detail", args=[job.pk])
    assert job.status == ExportJob.Status.PENDING
    assert list(QueuedTask.objects.values_list("name", "args")) == [("reports.tasks.run_export", [job.pk])]
    assert any("keeping tasks in the database" in r.getMessage() for r in caplog.records)

    broker_away()  # the broker is back (and, in tests, runs tasks at once)
    assert outbox_flush() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and not QueuedTask.objects.exists()


def test_a_task_kept_with_a_countdown_waits_for_it():
    from ops.outbox import outbox_keep

    outbox_keep("ops.tasks.heartbeat", countdown=300)
    assert outbox_flush() == 0 and QueuedTask.objects.count() == 1
    QueuedTask.objects.update(not_before=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox_flush() == 1 and not QueuedTask.objects.exists()


def test_the_requeue_stops_at_the_first_refusal_and_keeps_the_rest(broker_away):
    from ops.outbox import outbox_keep

    for _ in range(3):
        outbox_keep("ops.tasks.heartbeat")
    assert outbox_flush() == 0
    assert QueuedTask.objects.count() == 3


def test_the_requeue_is_a_scheduled_job():
    assert django_settings.CELERY_BEAT_SCHEDULE["ops.requeue-tasks"]["task"] == "ops.tasks.requeue_tasks"
