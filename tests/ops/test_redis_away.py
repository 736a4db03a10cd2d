"""Point 2 of issue 23: Redis is a cache, never a single point of failure for pages."""

import logging
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from competition.models import Application
from core.cache import TolerantRedisCache

pytestmark = pytest.mark.django_db


def test_a_logged_in_candidate_reads_pages_and_applies_while_redis_is_away(redis_away, client, candidate, person, reg_post):
    client.force_login(candidate)  # the session is written to the database; the cache write is a no-op
    assert client.get(reverse("registration:board")).status_code == 200
    assert client.get(reverse("registration:board_post", args=[reg_post.pk])).status_code == 200
    response = client.post(reverse("registration:apply", args=[reg_post.pk]), {"statement": "缓存不可用时报名"})
    assert response.status_code == 302 and response["Location"] == reverse("registration:my_applications")
    assert Application.objects.filter(post=reg_post, person=person).count() == 1
    assert client.get(reverse("registration:my_applications")).status_code == 200


def test_logging_out_while_redis_is_away_ends_the_session(redis_away, client, candidate):
    client.force_login(candidate)
    client.post(reverse("accounts:logout"))
    response = client.get(reverse("registration:my_applications"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_wrong_ballot_codes_are_still_limited_per_process_while_redis_is_away(redis_away, client):
    from competition.evaluation.views import VOTE_FAILURES_LIMIT

    for _ in range(VOTE_FAILURES_LIMIT):
        assert client.post(reverse("appointment:vote"), {"code": "NOTACODE"}).status_code == 200
    response = client.post(reverse("appointment:vote"), {"code": "NOTACODE"})
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 900  # what is left of the window


def test_an_unreachable_redis_answers_misses_at_once_and_is_logged_once(redis_away, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    started = time.perf_counter()
    for _ in range(50):
        assert cache.get("key") is None and cache.get("key", "default") == "default"
        assert cache.get_many(["a", "b"]) == {} and cache.has_key("a") is False
        cache.set("key", 1)
        assert cache.add("counter", 0) is False and cache.set_many({"a": 1}) == ["a"]
        with pytest.raises(ValueError):
            cache.incr("counter")
        cache.delete("key")
        cache.delete_many(["a", "b"])
    assert time.perf_counter() - started < 2  # 500 calls: the first is refused, the rest are not even tried
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1 and "serving cache misses" in warnings[0].getMessage()
    assert cache.available is False


def test_writes_missed_during_an_outage_are_deleted_when_redis_answers_again(settings, monkeypatch, caplog):
    """A Redis that was only unreachable comes back with what it held: a session ended meanwhile must not return."""
    import os

    from redis.exceptions import ConnectionError

    if not settings.REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must configure REDIS_URL")
        pytest.skip("no Redis configured on this run")
    cache = TolerantRedisCache(settings.REDIS_URL, {})
    cache.set("jinggang-outage-session", "still logged in", 60)
    client = cache._cache.get_client()
    with monkeypatch.context() as patched:
        patched.setattr(type(client), "execute_command", lambda *a, **k: (_ for _ in ()).throw(ConnectionError("down")))
        cache.delete("jinggang-outage-session")  # logging out: the database row goes, the cache copy stays
        assert cache.get("jinggang-outage-session") is None
    cache._state.outage.last_failure -= 5  # past the retry interval: the next call tries Redis again
    caplog.set_level(logging.WARNING, logger="core.cache")
    assert cache.get("jinggang-outage-session") is None
    assert cache.available is True
    assert any("available again" in r.getMessage() for r in caplog.records)
