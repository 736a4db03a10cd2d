"""The fault bench's mail: every message is recorded in the database (table bench_delivery) and takes a while to
send, so that a worker can be killed in the middle of sending reminders and the deliveries counted afterwards.
Set as EMAIL_BACKEND by bench/faults.sh; never used by the product."""

import time

from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

SEND_SECONDS = 0.2


class RecordingSlowBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            with connection.cursor() as cursor:  # autocommit: recorded as soon as "sent", as an SMTP server would
                for recipient in message.recipients():
                    cursor.execute("INSERT INTO bench_delivery (subject, recipient) VALUES (%s, %s)", [message.subject, recipient])
            time.sleep(SEND_SECONDS)
        return len(messages)
