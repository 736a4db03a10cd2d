"""The Redis cache backend (core.cache): Django's, with one redis-py client per connection pool."""

import os

import pytest

from core.cache import RedisCache


def test_the_client_is_built_once_per_pool_and_not_per_call():
    # Building neither connects nor needs a server.
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    reader, writer = cache._cache.get_client(), cache._cache.get_client(write=True)
    assert reader is cache._cache.get_client("any key") and writer is reader  # one server: one pool, one client
    assert reader.connection_pool is cache._cache._get_connection_pool(write=False)


def test_values_go_through_redis_and_come_back(settings):
    if not settings.REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must configure REDIS_URL")
        pytest.skip("no Redis configured on this run")
    from django.core.cache import caches

    cache = caches.create_connection("default")
    assert isinstance(cache, RedisCache)
    cache.set("jinggang-cache-test", {"会话": 1}, 30)
    assert cache.get("jinggang-cache-test") == {"会话": 1}
    cache.delete("jinggang-cache-counter")
    assert cache.add("jinggang-cache-counter", 0, 30) and not cache.add("jinggang-cache-counter", 5, 30)
    assert cache.incr("jinggang-cache-counter") == 1
    cache.delete_many(["jinggang-cache-test", "jinggang-cache-counter"])
    assert cache.get("jinggang-cache-test") is None
