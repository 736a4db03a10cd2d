"""Periodic jobs of tenure. Reminders are rules of notifications.registry (tenure/reminders.py)."""

import logging

from celery import shared_task

from tenure.services import terms_advance_statuses

log = logging.getLogger(__name__)


@shared_task
def advance_term_statuses() -> tuple[int, int]:
    """Probations that are over become serving terms; terms past their scheduled end become ended."""
    confirmed, expired = terms_advance_statuses()
    log.info("Confirmed %s terms after probation; %s terms expired", confirmed, expired)
    return confirmed, expired
