"""All periodic jobs, in one place. Each entry says why it runs when it does.

The jobs only look at the database for what is due; no task waits in the broker for a deadline.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # /health reports a worker as alive when it ran this within the last two minutes.
    "ops.heartbeat": {"task": "ops.tasks.heartbeat", "schedule": 30.0},
    # Tasks that could not be queued while the broker was away wait in the database (config/celery.py): every
    # minute, so that a mail or an export is late by a minute at most once the broker is back.
    "ops.requeue-tasks": {"task": "ops.tasks.requeue_tasks", "schedule": 60.0},
    # An export whose worker died is marked failed (to be started again) after EXPORT_LEASE_SECONDS (ten minutes)
    # without progress; every five minutes keeps the wait within fifteen. Minute 4 keeps it off the other scans.
    # The same scan marks an archive import whose worker died failed (reports.import_jobs), to be uploaded again.
    "reports.recover-exports": {"task": "reports.tasks.recover_exports", "schedule": crontab(minute="4-59/5")},
    # Registration windows open and close on the minute the office set; a five-minute scan keeps the
    # post board within five minutes of the clock without hammering the database.
    "competition.advance-registration-windows": {
        "task": "competition.tasks.advance_registration_windows",
        "schedule": crontab(minute="*/5"),
    },
    # A term's status changes on a day (end of probation, scheduled end), so once a day, just after midnight.
    "tenure.advance-term-statuses": {
        "task": "tenure.tasks.advance_term_statuses",
        "schedule": crontab(hour=0, minute=15),
    },
    # Reminders: rules count in days, so an hourly scan is soon enough for any of them and costs a few
    # queries; it also marks rows left "sending" by a dead worker as failed. Minute 7 keeps it off the
    # five-minute registration scan.
    "notifications.scan-reminders": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": crontab(minute=7),
    },
    # Closing registration after the deadline: the same five-minute scan as opening. Posts still waiting for
    # the office's qualification review are left for the office (they are picked up on a later scan).
    "competition.close-registrations": {
        "task": "competition.tasks.close_registrations",
        "schedule": crontab(minute="2-59/5"),
    },
    # A publicity runs to the end of its last working day; the scan shortly after midnight (Beijing time) moves
    # those posts on to the committee the next morning, and a second scan at 08:00 catches a missed night.
    "competition.end-publicity-periods": {
        "task": "competition.tasks.end_publicity_periods",
        "schedule": crontab(minute=5, hour="0,8"),
    },
}
