"""Dates in the interface's words: 2026年5月8日 in Chinese, 2026-05-08 in English (config/formats/).

Messages put a date into a sentence with these, never with ``isoformat()``: a Chinese sentence reads a Chinese date.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format


def day(value: datetime.date | None) -> str:
    """The day as the active language writes it; "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return date_format(value, "SHORT_DATE_FORMAT")


def moment(value: datetime.datetime | None) -> str:
    """The day and time (local) as the active language writes them; "" for none."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
