"""Email backends for tests: an SMTP server that fails, and one that fails a given number of times."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingSMTPBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakySMTPBackend(LocmemBackend):
    """Fails the first ``failures`` sends (a class attribute the test sets), then delivers."""

    failures = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures > 0:
            FlakySMTPBackend.failures -= 1
            raise smtplib.SMTPConnectError(421, "Service not available")
        return super().send_messages(messages)


def outbox_subjects():
    return sorted(message.subject for message in mail.outbox)
