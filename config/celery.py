import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError as BrokerError

from core.outage import Outage

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

log = logging.getLogger(__name__)

broker_outage = Outage(
    "The Celery broker", log, consequence="keeping tasks in the database (ops.QueuedTask) to queue them later",
    retry_interval=2.0,
)


class Task(DjangoTask):
    """Every task of the project. Queueing one never fails the request (or task) that asks for it: when the broker
    does not answer, the task is kept in the database and the periodic ``ops.tasks.requeue_tasks`` queues it once
    the broker is back. The data it works on is committed already (``delay_on_commit``), and every task is safe to
    run twice, so nothing is lost and nothing is done twice that a task's own claim would not stop."""

    def apply_async(self, args=None, kwargs=None, **options):
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        if not broker_outage.skip():
            try:
                result = super().apply_async(args, kwargs, **options)
            except (BrokerError, OSError) as error:  # kombu wraps the transport's connection errors in the first
                broker_outage.failed(error)
            else:
                broker_outage.succeeded()
                return result
        from ops.outbox import outbox_keep

        outbox_keep(self.name, args, kwargs, countdown=options.get("countdown"), eta=options.get("eta"))
        return None

    def publish(self, args=None, kwargs=None, **options):
        """Queue the task or raise: what the outbox uses to hand its tasks back to the broker."""
        return super().apply_async(args, kwargs, **options)


app = Celery("config", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A worker whose broker connection is stuck after a broker restart shuts down to be started again (its signals).
import config.watchdog  # noqa: E402, F401
