"""Step 7's periodic job (declared in config/schedules.py). The task name is the beat schedule row's: keep it."""

import logging

from celery import shared_task

from competition.publicity.services import publicity_end_due

log = logging.getLogger(__name__)


@shared_task(name="competition.tasks.end_publicity_periods")
def end_publicity_periods() -> int:
    """End publicity notices past their last working day and move their posts to the committee decision."""
    ended = publicity_end_due()
    log.info("Ended %s publicity periods", ended)
    return ended
