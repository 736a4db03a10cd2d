"""Every periodic job declared in config/schedules.py reaches Celery beat and names a registered task."""

import os
import subprocess
import sys

from django.conf import settings

from config.celery import app
from config.schedules import BEAT_SCHEDULE


def test_beat_gets_every_declared_schedule():
    assert settings.CELERY_BEAT_SCHEDULE is BEAT_SCHEDULE
    assert set(app.conf.beat_schedule) == set(BEAT_SCHEDULE)
    assert "ops.heartbeat" in app.conf.beat_schedule


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name} names an unknown task {entry['task']}"


def test_a_fresh_worker_registers_every_scheduled_task():
    # In a new interpreter, as a worker starts: in this one, the test modules have imported every task already.
    script = (
        "import django; django.setup()\n"
        "from config.celery import app; from config.schedules import BEAT_SCHEDULE\n"
        "app.loader.import_default_modules()\n"
        "print(sorted({e['task'] for e in BEAT_SCHEDULE.values()} - set(app.tasks)))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"scheduled tasks no worker would know: {result.stdout}"
