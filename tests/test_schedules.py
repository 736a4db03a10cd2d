"""Every periodic job declared in config/schedules.py reaches Celery beat and names a registered task."""

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
