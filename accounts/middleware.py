"""Session rules of the security section (README): idle sessions end, and a user who needs two factors sees
nothing but the enrolment or verification pages until his second factor is accepted."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN = "last_seen"
# The clock in the session moves at most once a minute: no session write on every request.
LAST_SEEN_STEP = 60


def is_office_like(user) -> bool:
    """Office staff and administrators: the shorter idle timeout."""
    return bool(user.is_office or user.is_staff or user.is_superuser or user.admin_roles())


def idle_limit_seconds(user) -> int:
    if is_office_like(user):
        return settings.OFFICE_SESSION_IDLE_MINUTES * 60
    return settings.SESSION_COOKIE_AGE


def _to(name: str, request) -> "redirect":
    return redirect(reverse(name) + "?" + urlencode({"next": request.get_full_path()}))


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > idle_limit_seconds(user):
                logout(request)
                messages.info(request, _("Your session ended after a period without activity. Please log in again."))
                return _to("accounts:login", request)
            if last is None or now - last >= LAST_SEEN_STEP:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# Pages a user who still owes his second factor may open.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/accounts/login/", "/i18n/", "/health")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_two_factor
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and not request.path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL)
        ):
            return _to("accounts:two_factor_verify" if user.two_factor_enrolled else "accounts:two_factor_setup", request)
        return self.get_response(request)


# A user given a printed one-time password chooses his own before he can do anything else.
# What such a user may still reach: the change itself, logging out, the language switch, static files.
_ALLOWED = ("accounts:password_change", "accounts:password_change_done", "accounts:logout", "set_language")


class FirstPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "password_change_required", False):
            allowed = {reverse(name) for name in _ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                return redirect(reverse("accounts:password_change") + "?first=1")
        return self.get_response(request)
