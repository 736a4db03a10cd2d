"""The reminder rule registry.

A rule is a name, a lead time in days and a function ``find(today, lead_days)`` that yields ``Due`` items
(object, recipient, due date, subject, body, url) from the database. The scan (notifications.tasks) asks every
enabled rule what is due and inserts one ``Reminder`` row per item; the row's unique key
(rule, object, recipient, due date) makes the insert idempotent.

Lead time, in order of authority: the office's ``RuleSetting`` row, settings.REMINDER_LEAD_DAYS[name], the
default given when the rule is registered. Whether it counts working days or calendar days is the rule's own
business (``competition.workdays.working_days_ahead`` counts working days).

Adding a rule is a few lines, in the app that owns the models::

    @reminder_rule("publicity_ending", label=_("Publicity ends soon"), lead_days=1)
    def publicity_ending(today, lead_days):
        horizon = working_days_ahead(today, lead_days)
        for publicity in Publicity.objects.filter(status="running", ends_on__range=(today, horizon)):
            for user in office_users():
                yield Due(publicity, user, publicity.ends_on, _("Publicity ends on %s") % publicity.ends_on)
"""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User

REGISTRY: dict[str, "Rule"] = {}
Finder = Callable[[datetime.date, int], Iterable["Due"]]


@dataclass(frozen=True)
class Due:
    obj: Any  # a saved model instance: the reminder's object
    recipient: Any  # a User
    due_date: datetime.date
    subject: str
    body: str = ""
    url: str = ""


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    lead_days: int
    find: Finder
    # Asked when a reminder is about to be sent (it may wait for a retry): False if its reason went away since
    # the scan (the post released, the review recorded), and the reminder is then not sent. None: always send.
    still_due: Callable[[Any], bool] | None = None

    def settings(self, rows=None):
        """(lead_days, enabled) as configured now; ``rows`` maps rule names to RuleSetting rows if already read."""
        # By name: notifications.models imports this module (RuleSetting checks rule names against REGISTRY).
        RuleSetting = apps.get_model("notifications", "RuleSetting")
        row = rows.get(self.name) if rows is not None else RuleSetting.objects.filter(rule=self.name).first()
        if row is not None:
            return row.lead_days, row.enabled
        return getattr(settings, "REMINDER_LEAD_DAYS", {}).get(self.name, self.lead_days), True


def reminder_rule(
    name: str, *, label: str, lead_days: int, still_due: Callable[[Any], bool] | None = None
) -> Callable[[Finder], Finder]:
    """Register ``find`` as the rule ``name``; its default lead time is ``lead_days``. ``still_due(reminder)``, if
    given, says whether a reminder written by the scan is still worth sending when its turn comes."""

    def register(find):
        REGISTRY[name] = Rule(name=name, label=label, lead_days=lead_days, find=find, still_due=still_due)
        return find

    return register


# --- Helpers the rules share ---


def format_day(day: datetime.date) -> str:
    """A date as the recipient's language writes it in a reminder."""
    return date_format(day, "DATE_FORMAT")


def local_date(moment: datetime.datetime) -> datetime.date:
    """The day of ``moment`` in settings.TIME_ZONE: a registration closing at 17:00 on 10 March is due on 10 March."""
    return timezone.localtime(moment).date()


# During a scan, the people rules address are read once (scan_cache), not once per object: the scan's queries stay
# the same however many deadlines are due (issue 19 runs it over 100,000).
_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("reminder_scan_cache", default=None)


@contextlib.contextmanager
def scan_cache():
    """Within the block, office_users() and unit_secretaries() read the users once and answer from memory."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def office_users() -> list[User]:
    cache = _cache.get()
    if cache is not None and "office" in cache:
        return cache["office"]
    users = list(User.objects.filter(is_office=True, is_active=True).order_by("pk"))
    if cache is not None:
        cache["office"] = users
    return users


def unit_secretaries(unit: Any) -> list[User]:
    """The active secretaries of ``unit`` (a Unit or its id)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    if _cache.get() is None:
        return list(User.objects.filter(secretary_of_id=unit_id, is_active=True).order_by("pk"))
    return list(_secretaries_by_unit().get(unit_id, []))


def units_with_secretaries() -> set[int]:
    """The ids of the units that have an active secretary: a rule that writes to secretaries only leaves the other
    units' objects unread (most of a province's terms are in units without an account, bench/pages_scale.py)."""
    if _cache.get() is None:
        return set(User.objects.filter(secretary_of__isnull=False, is_active=True).values_list("secretary_of_id", flat=True))
    return set(_secretaries_by_unit())


def _secretaries_by_unit() -> dict[int, list[User]]:
    cache = _cache.get()
    if "secretaries" not in cache:
        by_unit: dict[int, list[User]] = {}
        for user in User.objects.filter(secretary_of__isnull=False, is_active=True).order_by("pk"):
            by_unit.setdefault(user.secretary_of_id, []).append(user)
        cache["secretaries"] = by_unit
    return cache["secretaries"]


def user_of(person: Any) -> User | None:
    user = getattr(person, "user", None)
    return user if user is not None and user.is_active else None
