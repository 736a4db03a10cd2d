"""Faults staged at the client: a cache at a port where nothing listens, queries that raise, a broker that refuses.

The shared PostgreSQL and Redis of CI are never stopped here; tests that need a real outage use their own
throwaway server (bench/faults.sh does it with processes of its own).
"""

import pytest

from config.celery import broker_outage
from config.middleware import database_outage
from core import cache as tolerant_cache
from core import ratelimit
from tests.competition.registration.conftest import person, reg_post  # noqa: F401 - fixtures for these tests

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused at once


@pytest.fixture(autouse=True)
def _fresh_outages():
    """Each test sees the dependencies as answering until it makes one fail (the state is per process)."""

    def reset():
        tolerant_cache._states.clear()
        database_outage.reset()
        broker_outage.reset()
        ratelimit._local.clear()

    reset()
    yield
    reset()


@pytest.fixture
def redis_away(settings):
    """Sessions and rate limits on a Redis that does not answer, as settings configure them with Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return settings
