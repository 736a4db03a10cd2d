"""The date fields and widgets every form uses.

Widgets: ``<input type="date">`` and ``<input type="datetime-local">`` accept only ISO values (``2026-12-02``,
``2026-12-02T09:00``) whatever the interface's language, so these widgets always render ISO, and the form fields read
ISO back in every language.

Bounds: a date a user types is one that can be. Every date field of every form is one of the fields below (a test
walks every form class), so the one rule lives here: no date before 1900 (year 1 is a slip of the keyboard, not a
date, and would break date arithmetic further on), none more than ``YEARS_AHEAD`` years ahead; a person's date (birth,
work started, rank since, a job held) is not in the future either. The archive import checks its date cells with the
same ``check_date``.
"""

import datetime
import functools
import operator

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"

EARLIEST = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest(today=None):
    today = today or timezone.localdate()
    return datetime.date(today.year + YEARS_AHEAD, 12, 31)


def check_date(value, *, personal=False):
    """Raise a ``ValidationError`` naming the allowed range when ``value`` (a date or datetime) cannot be."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    today = timezone.localdate()
    if personal and not EARLIEST <= day <= today:
        raise ValidationError(
            _("Enter a date between %(earliest)s and today."), code="date_range", params={"earliest": dates.day(EARLIEST)}
        )
    if not EARLIEST <= day <= latest(today):
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": dates.day(EARLIEST), "latest": dates.day(latest(today))},
        )


def check_personal_date(value):
    check_date(value, personal=True)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs=attrs, format=ISO_DATETIME)


class DateField(forms.DateField):
    """A date field with the ISO widget that reads ISO in every language, between 1900 and a few years ahead."""

    widget = DateInput
    default_validators = [check_date]


class PersonalDateField(DateField):
    """A date in a person's life so far: between 1900 and today."""

    default_validators = [check_personal_date]


class DateTimeField(forms.DateTimeField):
    """A date and time field with the ISO widget; reads ``2026-12-02T09:00`` and ``2026-12-02 09:00``; its day is
    between 1900 and a few years ahead."""

    widget = DateTimeInput
    default_validators = [check_date]


class ListFilterForm(forms.Form):
    """The filters above a long list (issue 19.1), read from the query string.

    ``lookups`` maps a field to the lookup its value filters on (``{"unit": "unit"}``, ``{"user":
    "username__icontains"}``); a text in ``q`` is looked for in each of ``search_fields``; ``narrow`` adds what a
    lookup cannot say. A filter left empty filters nothing, and a form with an error filters nothing either: the
    list is shown whole with the error above it, never an error page.
    """

    lookups: dict[str, str] = {}
    search_fields: tuple[str, ...] = ()

    def filter(self, items):
        if not self.is_valid():
            return items
        for name, lookup in self.lookups.items():
            if self.cleaned_data.get(name):
                items = items.filter(**{lookup: self.cleaned_data[name]})
        if self.search_fields and (text := self.cleaned_data.get("q")):
            items = items.filter(functools.reduce(operator.or_, (Q(**{f"{field}__icontains": text}) for field in self.search_fields)))
        return self.narrow(items, self.cleaned_data)

    def narrow(self, items, data):
        return items
