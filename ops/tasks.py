from celery import shared_task
from django.utils import timezone

from ops.models import Heartbeat
from ops.outbox import outbox_flush


@shared_task(ignore_result=True)
def heartbeat() -> None:
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": timezone.now()})


@shared_task(ignore_result=True)
def requeue_tasks():
    """Hand the tasks kept while the broker was away back to it (config/schedules.py runs this)."""
    return outbox_flush()
