"""Texts rendered in their recipient's language when they are sent.

A service that tells someone something passes ``Text(gettext_lazy("... %(post)s ..."), post=post)`` rather than a
string translated in the language of whoever clicked: ``notify`` and the reminder scan render each recipient's copy
in ``language_of(recipient)`` (the user's preference, else the site's language, Simplified Chinese). Dates among the
parameters are written as that language writes them; other parameters (posts, people, numbers) as they are.

What is stored is the message, not only its text: ``dump`` turns a Text (its message id and parameters) into JSON
that ``load`` turns back, so a reminder written by the scan is rendered in the language its recipient reads when it
is sent, and the inbox shows each row in the reader's language (``rendered``). What has no message id (a Deferred,
a model's name) is stored as written in each of the site's languages.
"""

import datetime
import decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, pgettext, pgettext_lazy


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


def language_of(user: Any, default: str | None = None) -> str:
    """The language a user reads his notifications in: his preference, else ``default`` (the page's language,
    when he reads his inbox), else the site's."""
    preferred = getattr(user, "language", "") if user is not None else ""
    known = {code for code, _name in settings.LANGUAGES}
    if preferred in known:
        return preferred
    return default if default in known else settings.LANGUAGE_CODE


def render(text: Any, language: str) -> str:
    """``text`` (a Text, Paragraphs, lazy or plain string) as written in ``language``."""
    if not text:
        return ""
    if language == translation.get_language():
        return str(text)  # already in it: switching costs more than the writing (the reminder scan writes 100,000)
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


# --- Stored messages: JSON that renders in any language later ---


class Translated:
    """A text stored as written in each language (what had no message id); the site's when the language is missing."""

    def __init__(self, by_language: dict[str, str]):
        self.by_language = by_language

    def __str__(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        by_language = self.by_language
        return by_language.get(language, by_language.get(settings.LANGUAGE_CODE, next(iter(by_language.values()), "")))


def _lazy_message(promise: Promise) -> dict | None:
    """A gettext_lazy / pgettext_lazy proxy as {"text": msgid} (and its "context"); None for any other lazy value."""
    try:
        func, args, kwargs = promise.__reduce__()[1][:3]
    except (AttributeError, TypeError, ValueError):
        return None
    if func is gettext and len(args) == 1 and not kwargs:
        return {"text": args[0]}
    if func is pgettext and len(args) == 2 and not kwargs:
        return {"text": args[1], "context": args[0]}
    return None


def _in_every_language(value: Any) -> dict:
    return {"languages": {code: render(value, code) if value is not None else "" for code, _name in settings.LANGUAGES}}


def dump(text: Any, memo: dict | None = None) -> Any:
    """``text`` (a Text, Paragraphs, lazy or plain string) as JSON that ``load`` turns back into it.

    ``memo``, if given, keeps each model instance's names by class and primary key across calls: the reminder scan
    dumps the same post into many messages."""
    if text is None or (isinstance(text, str) and not text):
        return ""
    if isinstance(text, str):
        return str(text)  # plain text (a reason someone typed) is shown as it was written
    if isinstance(text, Text):
        message = _lazy_message(text.message) if isinstance(text.message, Promise) else None
        if message is None:
            return _in_every_language(text)
        if text.params:
            message["params"] = {name: _dump_value(value, memo) for name, value in text.params.items()}
        return message
    if isinstance(text, Paragraphs):
        return {"paragraphs": [dump(part, memo) for part in text.parts if part]}
    if isinstance(text, Promise):
        return _lazy_message(text) or _in_every_language(text)
    return _in_every_language(text)


def text_key(text: Any) -> Any:
    """A key equal for two texts that render and dump alike (the reminder scan writes each once), or None if
    ``text`` holds something known only by its identity (a Deferred, an object that is not a model instance).

    A model instance is keyed by its class and primary key: its name is read from the row, the same within a scan.
    """
    if text is None:
        return ("none",)
    if isinstance(text, str):
        return text
    if isinstance(text, Text):
        message = text_key(text.message)
        params = tuple(sorted((name, _value_key(value)) for name, value in text.params.items()))
        if message is None or any(key is None for _name, key in params):
            return None
        return ("text", message, params)
    if isinstance(text, Paragraphs):
        parts = tuple(text_key(part) for part in text.parts)
        return None if None in parts else ("paragraphs", parts)
    if isinstance(text, Promise):
        message = _lazy_message(text)
        return ("lazy", message["text"], message.get("context")) if message else None
    return None


def _value_key(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return (datetime.datetime, value.isoformat())  # as dumped: the same moment in another zone is written apart
    if value is None or isinstance(value, (bool, int, float, decimal.Decimal, datetime.date)):
        # The type too: 1, 1.0 and True are equal keys but not equal texts.
        return (type(value), value)
    if isinstance(value, str):
        return value
    if isinstance(value, (Text, Paragraphs, Promise)):
        return text_key(value)
    if isinstance(value, models.Model) and value.pk is not None:
        return (type(value), value.pk)
    return None


def _dump_value(value: Any, memo: dict | None = None) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value if not isinstance(value, str) else str(value)
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, (Text, Paragraphs, Promise)):
        return {"message": dump(value, memo)}
    # A post, a person, a session: their names, which may themselves speak the language (a status's label).
    if memo is not None and isinstance(value, models.Model) and value.pk is not None:
        key = (type(value), value.pk)
        if key not in memo:
            memo[key] = _in_every_language(value)
        return memo[key]
    return _in_every_language(value)


def load(data: Any) -> Any:
    """What ``dump`` stored, ready to render in the language then active (``render``)."""
    if not data:
        return ""
    if isinstance(data, str):
        return data
    if "paragraphs" in data:
        return Paragraphs(*(load(part) for part in data["paragraphs"]))
    if "languages" in data:
        return Translated(data["languages"])
    if "text" in data:
        context = data.get("context")
        message = pgettext_lazy(context, data["text"]) if context else gettext_lazy(data["text"])
        return Text(message, **{name: _load_value(value) for name, value in data.get("params", {}).items()})
    return ""


def _load_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "datetime" in value:
        return datetime.datetime.fromisoformat(value["datetime"])
    if "date" in value:
        return datetime.date.fromisoformat(value["date"])
    if "decimal" in value:
        return decimal.Decimal(value["decimal"])
    if "message" in value:
        return load(value["message"])
    if "languages" in value:
        return Translated(value["languages"])
    return value


def dump_message(subject: Any, body: Any) -> dict:
    """A notification's or reminder's stored message: its subject and body, each as ``dump`` writes it."""
    return {"subject": dump(subject), "body": dump(body)}


def rendered(row: Any, language: str) -> tuple[str, str]:
    """A Notification's or Reminder's (subject, body) in ``language``; a row stored before messages were kept
    (``message`` empty) keeps the text it was written with."""
    message = getattr(row, "message", None)
    if not message:
        return row.subject, row.body
    return render(load(message.get("subject")), language)[:200], render(load(message.get("body")), language)
