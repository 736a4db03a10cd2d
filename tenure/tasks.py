"""Periodic jobs of tenure. Reminders are rules of notifications.registry (tenure/reminders.py)."""

import logging

from celery import shared_task

from tenure.services import terms_advance_statuses

log = logging.getLogger(__name__)


@shared_task
def advance_term_statuses() -> int:
    """Terms past their scheduled end become ended (a probation ends only with its assessment)."""
    expired = terms_advance_statuses()
    log.info("%s terms expired", expired)
    return expired
