"""Texts rendered in their recipient's language when they are sent.

A service that tells someone something passes ``Text(gettext_lazy("... %(post)s ..."), post=post)`` rather than a
string translated in the language of whoever clicked: ``notify`` and the reminder scan render each recipient's copy
in ``language_of(recipient)`` (the user's preference, else the site's language, Simplified Chinese). Dates among the
parameters are written as that language writes them; other parameters (posts, people, numbers) as they are.
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise


class Text:
    """A message id (a lazy translation) and its parameters, rendered later in the language then active."""

    def __init__(self, message: Any, /, **params: Any):
        self.message = message
        self.params = params

    def __str__(self) -> str:
        text = str(self.message)
        if self.params:
            text = text % {name: _value(value) for name, value in self.params.items()}
        return text

    def __repr__(self) -> str:
        return f"Text({str(self.message)!r}, **{self.params!r})"


class Paragraphs:
    """Several texts, one paragraph each; empty ones are left out."""

    def __init__(self, *parts: Any):
        self.parts = parts

    def __str__(self) -> str:
        return "\n\n".join(text for text in (str(part).strip() for part in self.parts if part) if text)


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (Text, Paragraphs, Promise)):
        return str(value)
    return value


def language_of(user: Any) -> str:
    """The language a user reads his notifications in: his preference, else the site's."""
    preferred = getattr(user, "language", "") if user is not None else ""
    known = {code for code, _name in settings.LANGUAGES}
    return preferred if preferred in known else settings.LANGUAGE_CODE


def render(text: Any, language: str) -> str:
    """``text`` (a Text, Paragraphs, lazy or plain string) as written in ``language``."""
    if not text:
        return ""
    with translation.override(language):
        return str(text)


def absolute_url(url: str) -> str:
    """A link a mail reader can open: the site's address (settings.SITE_URL) before a path of ours."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL.rstrip("/") + url


class Deferred:
    """A text computed by ``make()`` when it is rendered, in the language then active (a list of reasons, say)."""

    def __init__(self, make):
        self.make = make

    def __str__(self) -> str:
        return str(self.make())
