"""Tasks kept in the database while the broker is away, and handed back to it by a periodic job."""

import datetime
import logging
from functools import partial

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from kombu.exceptions import OperationalError as BrokerError

from ops.models import QueuedTask

log = logging.getLogger(__name__)


def outbox_keep(name, args=None, kwargs=None, *, countdown=None, eta=None):
    """Keep one task for later. A failure here (the database is away too) is logged, never raised: the caller's
    data is committed already, and the periodic scans of the data find what the task was for."""
    not_before = timezone.now() + datetime.timedelta(seconds=countdown or 0)
    if isinstance(eta, str):
        eta = parse_datetime(eta)
    if eta is not None:
        not_before = max(not_before, eta)
    try:
        return QueuedTask.objects.create(name=name, args=list(args or ()), kwargs=dict(kwargs or {}), not_before=not_before)
    except Exception:  # noqa: BLE001 - the database away too, or arguments it cannot store: logged, never raised
        log.exception("Task %s could not be queued nor kept; the periodic scans will find its work", name)
        return None


def outbox_flush(*, limit=500):
    """Queue the kept tasks that are due, oldest first; stops at the first broker error. Returns how many went.

    The rows are locked while they are queued (SKIP LOCKED: two runs never queue one row twice); a task queued
    whose row then fails to be deleted runs twice, which every task of the project allows.
    """
    current_app.loader.import_default_modules()  # every task registered, as in a worker
    sent = 0
    with transaction.atomic():
        rows = list(
            QueuedTask.objects.select_for_update(skip_locked=True).filter(not_before__lte=timezone.now())[:limit]
        )
        for row in rows:
            task = current_app.tasks.get(row.name)
            # A task this process does not know (renamed since, or another program's) still goes out by its name.
            publish = getattr(task, "publish", None) or partial(current_app.send_task, row.name)
            try:
                publish(row.args, row.kwargs)
            except (BrokerError, OSError) as error:
                log.warning("The broker still does not answer (%s); %s tasks wait", error, len(rows) - sent)
                break
            sent += 1
        QueuedTask.objects.filter(pk__in=[row.pk for row in rows[:sent]]).delete()
    if sent:
        log.info("Queued %s tasks kept while the broker was away", sent)
    return sent
