"""Security headers Django 5.2 does not set by itself, and the 503 page for a database that does not answer."""

import logging
import re
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

from core.outage import Outage

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy with no inline script, and a restrictive Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# The database's outage as this process sees it. A request that did not fail does not prove the database answers
# (it may not have used it), so the outage ends only after a few quiet seconds.
database_outage = Outage(
    "PostgreSQL" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "The database", log,
    consequence="answering 503 until it answers", retry_interval=0, quiet=5.0,
)
# Posted fields never written back into a page: secrets the user typed (passwords, one-time and ballot codes).
SECRET_FIELD = re.compile(r"password|token|otp|secret|code", re.IGNORECASE)


def database_unavailable(request, error):
    """The 503 page for a request the database could not serve, rendered without touching the database.

    No context processors run (they read the user, the roles and the inbox); the language comes from the cookie or
    Accept-Language. A form's posted text comes back in the page with a button to send it again, so nothing typed is
    lost; the page says plainly that nothing was saved.
    """
    database_outage.failed(error)
    retry_after = settings.DATABASE_UNAVAILABLE_RETRY_AFTER
    kept = []
    if request.method == "POST":
        kept = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken" and not SECRET_FIELD.search(name)
            for value in values
        ]
    with translation.override(translation.get_language_from_request(request)):
        body = render_to_string(
            "503.html",
            {
                "retry_after": retry_after,
                "method": request.method,
                "path": request.get_full_path(),
                "kept": kept,
                "had_files": bool(request.method == "POST" and request.FILES),
                "csrf_token": get_token(request),
                "LANGUAGE_CODE": translation.get_language(),
            },
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    # Counted by the outage above; Django's request log would otherwise write one error (and traceback) per request.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """A view that fails because the database does not answer gets the 503 page instead of a 500 (config.urls has
    the same for errors outside views: ``server_error``). Django reconnects by itself once the database is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 503 and database_outage.active:
            database_outage.succeeded()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


def server_error(request):
    """handler500: the 503 page when the error was the database's (a session written after the view, say)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request, error)
    return defaults.server_error(request)
