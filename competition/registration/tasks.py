"""Step 3's periodic jobs (declared in config/schedules.py). Safe to run twice: each move goes through a locked
service function. The task names are those of the beat schedule's rows and of queued messages: keep them."""

import logging

from celery import shared_task
from django.utils import timezone

from competition import workflow
from competition.models import Post
from competition.registration.services import close_due_registrations

log = logging.getLogger(__name__)


@shared_task(name="competition.tasks.advance_registration_windows")
def advance_registration_windows() -> int:
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


@shared_task(name="competition.tasks.close_registrations")
def close_registrations() -> int:
    """Close registration of posts past their deadline whose result is decided (see registration_close)."""
    closed = close_due_registrations()
    log.info("Closed registration for %s posts", closed)
    return closed
