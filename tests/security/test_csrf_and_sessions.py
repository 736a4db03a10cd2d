"""Every URL refuses a POST without a CSRF token; sessions expire."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Views that legitimately take POSTs from outside a form of ours: none.
CSRF_EXEMPT = set()
DUMMY = {"id": "1", "int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x"}


def all_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("admin/"):
                continue  # Django's own admin; its CSRF protection is Django's
            yield from all_paths(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern, entry


def concrete(pattern):
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: DUMMY[m.group(1) or "str"], pattern)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


def test_every_url_refuses_a_post_without_a_csrf_token(office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    checked = 0
    for pattern, entry in all_paths():
        if entry.name in CSRF_EXEMPT or "(?P" in pattern:
            continue
        response = client.post(concrete(pattern), {"anything": "1"})
        assert response.status_code in (403, 405), f"{pattern} answered {response.status_code} to a POST without CSRF"
        checked += 1
    assert checked >= 15


def test_sessions_expire_after_the_configured_age_and_with_the_browser():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
