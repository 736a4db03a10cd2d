from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from notifications.models import Notification


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
