from celery import shared_task
from django.utils import timezone

from ops.models import Heartbeat


@shared_task(ignore_result=True)
def heartbeat() -> None:
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": timezone.now()})
