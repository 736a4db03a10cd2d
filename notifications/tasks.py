from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from notifications import services
from notifications.models import Notification, Reminder


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_notifications(notification_ids):
    """Email each notification not emailed yet; claiming the row first means a retry never sends it twice."""
    for pk in notification_ids:
        claimed = Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if not claimed:
            continue
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        if not notification.recipient.email:
            continue
        try:
            send_mail(notification.subject, notification.body, None, [notification.recipient.email])
        except OSError:
            Notification.objects.filter(pk=pk).update(emailed_at=None)
            raise


@shared_task
def scan_reminders():
    """Find what is due by every rule and dispatch it (config/schedules.py runs this)."""
    return services.reminders_scan()


@shared_task(bind=True, max_retries=getattr(settings, "REMINDER_MAX_ATTEMPTS", 4))
def send_reminder(self, reminder_id):
    """Deliver one reminder. The row counts the attempts, so the bound holds across redeliveries too."""
    outcome = services.reminder_deliver(reminder_id)
    if outcome == "retry":
        attempts = Reminder.objects.filter(pk=reminder_id).values_list("attempts", flat=True).first() or 1
        # A short countdown only (at most five minutes): the deadline itself lives in the database.
        raise self.retry(countdown=services.retry_delay(attempts), max_retries=services.max_attempts())
    return outcome
