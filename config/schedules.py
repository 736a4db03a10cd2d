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
    # A publicity runs to the end of its last working day; the scan shortly after midnight (Beijing time) moves
    # those posts on to the committee the next morning, and a second scan at 08:00 catches a missed night.
    "competition.end-publicity-periods": {
        "task": "competition.tasks.end_publicity_periods",
        "schedule": crontab(minute=5, hour="0,8"),
    },
}
