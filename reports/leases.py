"""The lease of a background job (exports, archive imports): a running job that has shown no progress for
EXPORT_LEASE_SECONDS lost its worker; a job still waiting after that long lost its message (the broker restarted
empty) and is queued again, at most once per lease (the task's claim makes a second message harmless)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q


def silent_since(now: datetime.datetime) -> tuple[datetime.datetime, Q]:
    """The moment before which a job's silence means its worker is lost, and the filter of such jobs."""
    since = now - datetime.timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
    # A job claimed before progress_at existed has none: its age stands in for it.
    return since, Q(progress_at__lt=since) | Q(progress_at__isnull=True, created_at__lt=since)


def requeue_waiting(model, *, now: datetime.datetime, since: datetime.datetime, queue) -> int:
    """Queue again (``queue(pk)``, after commit) the jobs of ``model`` still waiting since before ``since`` and not
    queued again within the lease; returns how many."""
    waiting = list(
        model.objects.filter(status=model.Status.PENDING, created_at__lt=since)
        .exclude(progress_at__gte=since)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        model.objects.filter(pk__in=waiting).update(progress_at=now)
        for pk in waiting:
            queue(pk)
    return len(waiting)
