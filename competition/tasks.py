"""Periodic jobs of the competition. Safe to run twice: each move goes through a locked service function."""

import logging

from celery import shared_task
from django.utils import timezone

from competition import workflow
from competition.models import Post

log = logging.getLogger(__name__)


@shared_task
def advance_registration_windows():
    """Open registration for announced posts whose window has opened."""
    now = timezone.now()
    due = Post.objects.filter(status=Post.Status.ANNOUNCED, round__registration_opens__lte=now).values_list("pk", flat=True)
    opened = 0
    for post_id in due:
        try:
            workflow.post_open_registration(post_id=post_id, by=None)
            opened += 1
        except workflow.WorkflowError:
            # Another worker got there first; the post has moved on.
            continue
    log.info("Opened registration for %s posts", opened)
    return opened


@shared_task
def close_registrations():
    """Close registration of posts past their deadline whose result is decided (see registration_close)."""
    from competition.registration import close_due_registrations

    closed = close_due_registrations()
    log.info("Closed registration for %s posts", closed)
    return closed


@shared_task
def end_publicity_periods():
    """End publicity notices past their last working day and move their posts to the committee decision."""
    from competition.publicity import publicity_end_due

    ended = publicity_end_due()
    log.info("Ended %s publicity periods", ended)
    return ended
