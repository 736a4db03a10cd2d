"""End to end on the real services: a Celery worker process on Redis runs the scan, then delivers the reminder.

Needs PostgreSQL (the worker is another process, so it must see the test database) and Redis. Skipped when
they are missing on a developer's machine; in CI (CI=true) a missing service fails the test instead.
The broker is Redis database 6 unless REMINDERS_IT_BROKER_URL says otherwise; the test empties it first.
"""

import email
import os
import subprocess
import sys
import time
import uuid
import warnings
from email.header import decode_header, make_header

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Notification, Reminder

pytestmark = pytest.mark.services

BROKER_URL = os.environ.get("REMINDERS_IT_BROKER_URL", "redis://127.0.0.1:6379/6")
IN_CI = os.environ.get("CI") == "true"


def _unavailable(reason):
    if IN_CI:
        pytest.fail(f"CI must run the worker integration test: {reason}")
    pytest.skip(reason)


def _database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    import redis

    try:
        client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as error:
        _unavailable(f"Redis at {BROKER_URL} does not answer ({error})")
    client.flushdb()  # messages left by an earlier run
    yield BROKER_URL
    client.flushdb()
    client.close()


@pytest.fixture
def worker(broker, transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        _unavailable("the worker process needs PostgreSQL to share the test database")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "VAR_DIR": str(tmp_path),
        "DEBUG": "1",
    }
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"reminders-it-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process, tmp_path
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def test_a_real_worker_on_redis_scans_and_delivers_a_reminder(worker, pending_application, candidate):
    from config.celery import app

    process, tmp_path = worker
    with app.connection_for_write(BROKER_URL) as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # send_task warns that it ignores the tests' eager mode: that is the point
        app.send_task("notifications.tasks.scan_reminders", connection=conn)

    deadline = time.monotonic() + 60
    reminder = None
    while time.monotonic() < deadline and process.poll() is None:
        reminder = Reminder.objects.filter(rule="registration_closing", recipient=candidate).first()
        if reminder and reminder.status == Reminder.Status.SENT:
            break
        time.sleep(0.25)
    output = (tmp_path / "worker.log").read_text()
    assert reminder is not None and reminder.status == Reminder.Status.SENT, output[-3000:]
    assert "notifications.tasks.send_reminder" in output  # delivered by the worker's second task
    assert Notification.objects.filter(recipient=candidate, kind="reminder:registration_closing").count() == 1
    # The file backend writes one file per connection, each message followed by a line of dashes.
    mails = [email.message_from_string(path.read_text().rsplit("\n" + "-" * 79, 1)[0]) for path in (tmp_path / "mail").glob("*")]
    assert len(mails) == 1
    assert mails[0]["To"] == candidate.email
    assert str(make_header(decode_header(mails[0]["Subject"]))) == reminder.subject
