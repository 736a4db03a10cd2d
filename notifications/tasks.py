"""The worker's entry points, and the reminder scan that beat runs (config/schedules.py).

The scan lives here because it queues ``send_reminder``: services queue these tasks and the tasks call
notifications.delivery, so no two of these modules import each other.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from notifications import delivery, registry
from notifications.messages import dump, language_of, render
from notifications.models import Reminder, RuleSetting
from notifications.registry import REGISTRY

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_notifications(notification_ids: list[int]) -> None:
    """Email the inbox rows that notify() wrote (queued on commit)."""
    delivery.notifications_email(notification_ids)


@shared_task
def scan_reminders() -> int:
    """Find what is due by every rule and dispatch it (config/schedules.py runs this)."""
    return reminders_scan()


@shared_task(bind=True, max_retries=getattr(settings, "REMINDER_MAX_ATTEMPTS", 4))
def send_reminder(self, reminder_id: int) -> str:
    """Deliver one reminder. The row counts the attempts, so the bound holds across redeliveries too."""
    outcome = delivery.reminder_deliver(reminder_id)
    if outcome == "retry":
        raise self.retry(countdown=_retry_countdown(reminder_id), max_retries=delivery.max_attempts())
    return outcome


def _retry_countdown(reminder_id: int) -> int:
    """A short countdown only (at most five minutes): the deadline itself lives in the database."""
    attempts = Reminder.objects.filter(pk=reminder_id).values_list("attempts", flat=True).first() or 1
    return delivery.retry_delay(attempts)


# The scan hands reminders to the workers this many to a message: one message each made the scan publish 100,000
# messages at province scale, minutes of broker round trips (bench/pages_scale.py).
DISPATCH_BATCH = 200


@shared_task
def send_reminders(reminder_ids: list[int]) -> None:
    """Deliver a batch of reminders the scan dispatched, one after the other; one to be tried again goes on alone
    (``send_reminder``, with its countdown). Each delivery claims its row, so a batch delivered twice (a worker lost
    after it began) sends each reminder once; one it never reached is dispatched again by a later scan."""
    for reminder_id in reminder_ids:
        if delivery.reminder_deliver(reminder_id) == "retry":
            send_reminder.apply_async((reminder_id,), countdown=_retry_countdown(reminder_id))


def reminders_scan(*, today: datetime.date | None = None) -> int:
    """Insert a row for everything due by every enabled rule, then hand the pending rows to the sending task.

    Returns the number of rows dispatched. Safe to run twice or at the same time: the insert ignores rows that
    exist (the unique key), and a dispatched row is claimed by exactly one sending task.
    """
    now = timezone.now()
    today = today or timezone.localdate(now)
    delivery.reminders_recover_interrupted(now)
    rule_settings = {row.rule: row for row in RuleSetting.objects.all()}
    # The rules run in the site's language; their Texts are stored as messages (rendered in each recipient's
    # language when sent) and written once at the scan for the office's page (messages.render).
    with translation.override(settings.LANGUAGE_CODE), registry.scan_cache():
        for rule in REGISTRY.values():
            lead_days, enabled = rule.settings(rule_settings)
            if not enabled:
                continue
            try:
                dues = list(rule.find(today, lead_days))
            except Exception:
                # One broken rule must not stop the others' reminders; the error goes to the log (and Sentry).
                log.exception("Reminder rule %s failed", rule.name)
                continue
            writer = _MessageWriter()
            rows = [
                Reminder(
                    rule=rule.name,
                    content_type=ContentType.objects.get_for_model(due.obj),
                    object_id=due.obj.pk,
                    recipient=due.recipient,
                    due_date=due.due_date,
                    subject=writer.render(due.subject, language_of(due.recipient))[:200],
                    body=writer.render(due.body, language_of(due.recipient)),
                    message={"subject": writer.dump(due.subject), "body": writer.dump(due.body)},
                    url=due.url[:300],
                )
                for due in dues
            ]
            Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    ids = list(Reminder.objects.dispatchable(now).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        # Not dispatched again by the next scan while this message waits in the queue; if it is lost,
        # the row is dispatched again after the grace period (the claim still sends it once).
        grace = datetime.timedelta(seconds=getattr(settings, "REMINDER_SEND_LEASE_SECONDS", 600))
        Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(retry_after=now + grace)
        for start in range(0, len(ids), DISPATCH_BATCH):
            send_reminders.delay_on_commit(ids[start:start + DISPATCH_BATCH])
    return len(ids)


class _MessageWriter:
    """Renders and dumps each text once per rule: a rule yields the same subject for every recipient of an object.

    Keyed by the object's identity; the rule's list of dues keeps the texts alive while the writer lives.
    """

    def __init__(self):
        self.rendered: dict[tuple[int, str], str] = {}
        self.dumped: dict[int, object] = {}

    def render(self, text, language):
        key = (id(text), language)
        if key not in self.rendered:
            self.rendered[key] = render(text, language)
        return self.rendered[key]

    def dump(self, text):
        if id(text) not in self.dumped:
            self.dumped[id(text)] = dump(text)
        return self.dumped[id(text)]
