from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task (beat schedules it every 30 seconds)."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"


class QueuedTask(models.Model):
    """A task that could not be queued because the broker did not answer (config/celery.py).

    ``ops.tasks.requeue_tasks`` hands it to the broker once it answers again, then deletes the row.
    """

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    not_before = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("task waiting for the broker")
        verbose_name_plural = _("tasks waiting for the broker")
        indexes = [
            # requeue_tasks takes the rows that are due, oldest first.
            models.Index(fields=["not_before"], name="queued_task_due"),
        ]

    def __str__(self):
        return f"{self.name} #{self.pk}"
