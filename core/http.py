"""HTTP helpers every app's views share."""

import datetime
import re
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ActionRefused

T = TypeVar("T")


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits key it: REMOTE_ADDR only (a forwarded header is whatever the client
    says unless a trusted proxy sets it)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def forwarded_client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the audit log records it: X-Forwarded-For's last hop, which the proxy sets (see
    README), else REMOTE_ADDR."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def form_error_message(request: HttpRequest, form) -> None:
    """All of a form's errors as one message on the next page (for forms posted from another page's panel)."""
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors) or _("Please correct the form."))


def attempt(request: HttpRequest, call: Callable[[], T], *, success: str | Callable[[T], str]) -> T | None:
    """Run one service call for a view: on success put ``success`` on the next page (or ``success(result)``, for a
    message that tells what the call did) and return the call's result; on a refusal (``ActionRefused``) put its
    message there instead and return None. The views' one try/refused/message block; the view then redirects (or
    renders) as it would either way."""
    try:
        result = call()
    except ActionRefused as error:
        messages.error(request, str(error))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


# Characters no file system takes in a name, and runs of space: replaced in a download's name.
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+|\s+')


def download_name(*parts: object, extension: str, day: datetime.date | None = None) -> str:
    """A download's file name a person recognises in his downloads folder: what it is (campaign, unit, post, ...)
    and the day, as in ``2026年统一竞岗-罗店镇-综治办主任-报名名册-20261202.xlsx``."""
    words = [_UNSAFE_IN_NAME.sub("_", str(part)).strip("_. ") for part in parts if part]
    words.append(f"{day or timezone.localdate():%Y%m%d}")
    return "-".join(word for word in words if word)[:150] + "." + extension.lstrip(".")


def as_download(response: HttpResponse, filename: str) -> HttpResponse:
    """Name the response's attachment: RFC 5987 (filename*=UTF-8'') for the Chinese name, with an ASCII fallback
    for the rare client that reads only ``filename``."""
    stem, _dot, extension = filename.rpartition(".")
    fallback = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "", stem.encode("ascii", "ignore").decode())).strip("-_.")
    fallback = f"{fallback if re.search('[A-Za-z]', fallback) else 'download-' + fallback.strip('-')}.{extension}"
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return response
