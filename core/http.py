"""HTTP helpers every app's views share."""

import datetime
import ipaddress
import re
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ActionRefused

T = TypeVar("T")


def _valid_address(value: str) -> str | None:
    """``value`` as a normalised IP address, or None when it is not one (a header is whatever the client sends)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """``client_ip``, or "unknown" when the request has no valid address (a rate limit's key needs a string)."""
    return client_ip(request) or "unknown"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, the one the audit log records and every rate limit keys on (None if it has none).

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) it is REMOTE_ADDR. Behind N trusted proxies, each of which appends
    the address it received the request from to X-Forwarded-For, the client is the N-th hop from the right: what the
    client itself put further left is ignored (it can spoof those). A header with fewer hops than proxies, or a hop
    that is not an IP address, falls back to REMOTE_ADDR, never to an error."""
    remote = _valid_address(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid_address(hops[-proxies]) or remote


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


def attempt_form(
    request: HttpRequest, form, call: Callable[[dict], T], *, success: str | Callable[[T], str]
) -> T | None:
    """A form posted from another page's panel: when it is valid, ``call(form.cleaned_data)`` through ``attempt``;
    when not, its errors as one message. Returns the call's result, or None."""
    if not form.is_valid():
        form_error_message(request, form)
        return None
    return attempt(request, lambda: call(form.cleaned_data), success=success)


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
