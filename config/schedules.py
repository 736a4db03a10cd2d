"""All periodic jobs, in one place. Each entry says why it runs when it does.

The jobs only look at the database for what is due; no task waits in the broker for a deadline.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # /health reports a worker as alive when it ran this within the last two minutes.
    "ops.heartbeat": {"task": "ops.tasks.heartbeat", "schedule": 30.0},
    # Registration windows open and close on the minute the office set; a five-minute scan keeps the
    # post board within five minutes of the clock without hammering the database.
    "competition.advance-registration-windows": {
        "task": "competition.tasks.advance_registration_windows",
        "schedule": crontab(minute="*/5"),
    },
}
