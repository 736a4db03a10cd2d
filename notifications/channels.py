"""Delivery channels behind one interface: ``channel.send(user=..., subject=..., body=..., url=...)``.

Settings choose them: NOTIFICATION_CHANNELS lists the external channels a reminder goes through (the in-app
inbox is always written), SMS_BACKEND names the class that sends a text message. A channel that has no
address for a user (no email, no phone) does nothing. A transient failure raises OSError (smtplib's
errors are OSErrors), which the sending task retries.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

from notifications.messages import Text, absolute_url, language_of, render

log = logging.getLogger(__name__)


def mail_text(user, body: str, url: str) -> str:
    """The mail's text: the body, then the absolute link to open, in the recipient's language."""
    if not url:
        return body
    link = render(Text(gettext_lazy("Open: %(url)s"), url=absolute_url(url)), language_of(user))
    return f"{body}\n\n{link}" if body else link


class EmailChannel:
    name = "email"

    def send(self, *, user, subject, body, url=""):
        if not user.email:
            return False
        send_mail(subject, mail_text(user, body, url), None, [user.email])
        return True


class LoggingSmsBackend:
    """The default SMS backend: writes the message to the log. A real gateway implements ``send_sms``."""

    def send_sms(self, phone, text):
        log.info("SMS to %s: %s", phone, text)


def phone_of(user):
    person = getattr(user, "person", None)
    return user.phone or (person.phone if person else "")


class SmsChannel:
    name = "sms"

    def __init__(self, backend=None):
        self.backend = backend or import_string(getattr(settings, "SMS_BACKEND", "notifications.channels.LoggingSmsBackend"))()

    def send(self, *, user, subject, body, url=""):
        phone = phone_of(user)
        if not phone:
            return False
        self.backend.send_sms(phone, subject)
        return True


CHANNELS = {"email": EmailChannel, "sms": SmsChannel}


def configured_channels():
    return [CHANNELS[name]() for name in getattr(settings, "NOTIFICATION_CHANNELS", ["email", "sms"])]
