"""Mail that an account action sends, queued after the commit (``send_mail.delay_on_commit``) so that a rolled-back
sign-up sends nothing and a slow mail server never holds a request."""

from celery import shared_task
from django.core import mail


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def send_mail(*, subject: str, body: str, recipients: list[str]) -> int:
    return mail.send_mail(subject, body, None, recipients)
