"""The worker's entry points, and the reminder scan that beat runs (config/schedules.py).

The scan lives here because it queues ``send_reminder``: services queue these tasks and the tasks call
notifications.delivery, so no two of these modules import each other.
"""

import datetime
import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from notifications import delivery, registry, scan_rows
from notifications.messages import dump, language_of, render, text_key
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

    Returns the number of rows dispatched. Safe to run twice or at the same time: the insert skips rows that exist
    (the unique key), and a row is handed over by one scan only (scan_rows).

    Its work does not grow with what was already done: what is due and already has its row is left before its texts
    are written, so a second scan reads and compares, and writes nothing (bench/pages_scale.py).
    """
    now = timezone.now()
    today = today or timezone.localdate(now)
    delivery.reminders_recover_interrupted(now)
    rule_settings = {row.rule: row for row in RuleSetting.objects.all()}
    # Not dispatched again by the next scan while its message waits in the queue; if the message is lost (or this
    # scan stops before it queues it), the row is dispatched again after the grace period (the claim sends it once).
    lease = now + datetime.timedelta(seconds=getattr(settings, "REMINDER_SEND_LEASE_SECONDS", 600))
    ids: list[int] = []
    # The rules run in the site's language; their Texts are stored as messages (rendered in each recipient's
    # language when sent) and written once at the scan for the office's page (messages.render).
    with translation.override(settings.LANGUAGE_CODE), registry.scan_cache():
        writer = _MessageWriter()
        content_types = _ContentTypes()
        for rule in REGISTRY.values():
            lead_days, enabled = rule.settings(rule_settings)
            if not enabled:
                continue
            try:
                dues = list(rule.find(today, lead_days))
                rows = _new_rows(rule.name, dues, writer, content_types)
            except Exception:
                # One broken rule (its query, or a text it cannot write) must not stop the others' reminders; the
                # error goes to the log (and Sentry).
                log.exception("Reminder rule %s failed", rule.name)
                continue
            finally:
                writer.next_rule()
            ids += scan_rows.insert(rows, lease=lease, now=now)
    # Rows from before: a retry whose time has come, a hand-over lost in the queue past its lease.
    ids = sorted(ids) + scan_rows.claim_waiting(now=now, lease=lease)
    for start in range(0, len(ids), DISPATCH_BATCH):
        send_reminders.delay_on_commit(ids[start:start + DISPATCH_BATCH])
    return len(ids)


def _new_rows(rule: str, dues: list, writer: "_MessageWriter", content_types: "_ContentTypes") -> list[tuple]:
    """The rows (scan_rows.INSERTED) of the dues that have no row yet, in the order the rule gave them.

    The existing keys are read in one query, so a due already written costs a set look-up, not its texts. The
    unique key remains what guarantees one row per key: a row written since this read is skipped by the insert.
    """
    if not dues:
        return []
    due_dates = [due.due_date for due in dues]
    seen = set(
        Reminder.objects.filter(rule=rule, due_date__range=(min(due_dates), max(due_dates))).values_list(
            "content_type_id", "object_id", "recipient_id", "due_date"
        )
    )
    rows = []
    # The loop runs once per due (100,000 at province scale): the look-ups are the writer's dictionaries, inline.
    type_ids, languages, written, days = content_types.ids, writer.languages, writer.written, writer.days
    for due in dues:
        obj, recipient, day = due.obj, due.recipient, due.due_date
        content_type = type_ids.get(type(obj)) or content_types.id_of(obj)
        key = (content_type, obj.pk, recipient.pk, day)
        if key in seen:
            continue
        seen.add(key)  # the same key twice from a rule: the first one, as the insert would keep
        language = languages.get(recipient.pk) or writer.language(recipient)
        texts = written.get((id(due.subject), id(due.body), language)) or writer.write(due.subject, due.body, language)
        rows.append((rule, content_type, obj.pk, recipient.pk, days.get(day) or writer.day(day), *texts, due.url[:300]))
    return rows


class _ContentTypes:
    """Each model's content type id, looked up once per scan."""

    def __init__(self):
        self.ids: dict[type, int] = {}

    def id_of(self, obj) -> int:
        model = type(obj)
        if model not in self.ids:
            self.ids[model] = ContentType.objects.get_for_model(obj).pk
        return self.ids[model]


class _MessageWriter:
    """Renders and dumps each distinct text once per scan: a rule yields the same subject for every recipient of an
    object, and often a new Text for each due that says the same as the last (the same post, the same day).

    Texts are told apart by what they say (messages.text_key): their message id and their parameters, a model
    instance by its class and primary key (the scan reads each row once, so the same key writes the same name).
    A text without such a key is known by its identity, which holds while the rule's list of dues keeps it alive:
    those are forgotten after each rule (next_rule).
    """

    def __init__(self):
        self.by_value: dict[tuple, Any] = {}
        self.by_identity: dict[tuple, Any] = {}
        self.keys: dict[int, Any] = {}  # text_key by the text's identity, for this rule's dues
        self.written: dict[tuple, tuple] = {}  # write() by the texts' identities, for this rule's dues
        self.languages: dict[int, str] = {}
        self.days: dict[datetime.date, Any] = {}
        self.names: dict[tuple, Any] = {}  # each model instance's names in every language (messages.dump's memo)

    def next_rule(self):
        self.by_identity.clear()
        self.keys.clear()
        self.written.clear()

    def write(self, subject, body, language: str) -> tuple:
        """(subject, body, stored message) of a row, as the insert takes them."""
        key = (id(subject), id(body), language)
        written = self.written.get(key)
        if written is None:
            written = (self.render(subject, language)[:200], self.render(body, language), self.message(subject, body))
            self.written[key] = written
        return written

    def _key(self, text):
        # Rules often hand the same Text to many dues (one subject per post): its key is worked out once.
        try:
            return self.keys[id(text)]
        except KeyError:
            key = self.keys[id(text)] = text_key(text)
            return key

    def _cached(self, what: str, texts: tuple, make):
        keys = tuple(self._key(text) for text in texts)
        if None in keys:
            cache, key = self.by_identity, (what, *(id(text) for text in texts))
        else:
            cache, key = self.by_value, (what, *keys)
        if key not in cache:
            cache[key] = make()
        return cache[key]

    def language(self, user) -> str:
        if user.pk not in self.languages:
            self.languages[user.pk] = language_of(user)
        return self.languages[user.pk]

    def day(self, day: datetime.date):
        if day not in self.days:
            self.days[day] = scan_rows.prepared("due_date", day)
        return self.days[day]

    def render(self, text, language: str) -> str:
        return self._cached(language, (text,), lambda: render(text, language))

    def dump(self, text):
        return self._cached("dump", (text,), lambda: dump(text, self.names))

    def message(self, subject, body):
        """The stored message of subject and body, prepared for the insert once per distinct pair."""
        return self._cached(
            "message",
            (subject, body),
            lambda: scan_rows.prepared("message", {"subject": self.dump(subject), "body": self.dump(body)}),
        )
