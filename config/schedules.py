"""All periodic jobs, in one place. Each entry says why it runs when it does.

The jobs only look at the database for what is due; no task waits in the broker for a deadline.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Registration windows open and close on the minute the office set; a five-minute scan keeps the
    # post board within five minutes of the clock without hammering the database.
    "competition.advance-registration-windows": {
        "task": "competition.tasks.advance_registration_windows",
        "schedule": crontab(minute="*/5"),
    },
    # Closing registration after the deadline: the same five-minute scan as opening. Posts still waiting for
    # the office's qualification review are left for the office (they are picked up on a later scan).
    "competition.close-registrations": {
        "task": "competition.tasks.close_registrations",
        "schedule": crontab(minute="2-59/5"),
    },
}
