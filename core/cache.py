"""Django's Redis cache, keeping one redis-py client per connection pool.

``TolerantRedisCache`` (the one settings use) adds what a cache that may go away needs: an error is a miss.

Django's ``RedisCacheClient`` wraps its pool in a new ``redis.Redis`` for every operation, and with redis-py 8
building one costs about 150 µs, more than the GET it is built for (a session read on every logged-in request).
redis-py's clients hold no connection of their own and are safe to share between threads; the pool, which Django
already keeps per server, does the rest. Everything else is Django's.
"""

import logging
import threading

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.exceptions import RedisError

from core.outage import Outage


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            # Two threads may both build one here; either is as good as the other.
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


log = logging.getLogger(__name__)

# Keys this process failed to write or delete while Redis was away, deleted when it answers again. Past this many,
# the whole cache is cleared instead: it holds nothing that cannot be lost (sessions fall back to the database).
FORGET_AT_MOST = 10_000


class _ServerState:
    """What this process's cache objects for one Redis share (Django makes one cache object per thread)."""

    def __init__(self, location):
        self.outage = Outage(
            f"Redis cache at {location}", log, consequence="serving cache misses until it answers",
            retry_interval=1.0,
        )
        self.lock = threading.Lock()
        self.stale = set()  # made keys whose value in Redis may be older than the database's
        self.clear_all = False

    def remember(self, keys):
        with self.lock:
            if len(self.stale) + len(keys) > FORGET_AT_MOST:
                self.clear_all, self.stale = True, set()
            elif not self.clear_all:
                self.stale.update(keys)


_states: dict[str, _ServerState] = {}
_states_lock = threading.Lock()
_UNAVAILABLE = object()


class TolerantRedisCache(RedisCache):
    """A Redis that may go away: a read is then a miss, a write does nothing, and no request fails.

    Short socket timeouts (settings: OPTIONS) make a dead Redis cost milliseconds; for a second after a failure
    it is not even tried. The outage is logged once per process. Writes and deletes that failed are remembered and
    deleted when Redis answers again, so that a session changed (or ended) meanwhile is not read back stale from a
    Redis that was only unreachable, not restarted.
    """

    errors = (RedisError, OSError)

    def __init__(self, server, params):
        super().__init__(server, params)
        location = ",".join(self._servers)
        with _states_lock:
            self._state = _states.setdefault(location, _ServerState(location))

    @property
    def available(self) -> bool:
        """False while this process sees the outage: the rate limits then count locally."""
        return not self._state.outage.active

    def _repair(self):
        state = self._state
        with state.lock:
            stale, clear_all = list(state.stale), state.clear_all
        if clear_all:
            self._cache.clear()
        elif stale:
            self._cache.delete_many(stale)
        with state.lock:
            state.stale.difference_update(stale)
            state.clear_all = state.clear_all and not clear_all

    def _tolerant(self, call, *args, forget=(), version=None, **kwargs):
        state = self._state
        if state.outage.skip():
            state.remember([self.make_key(key, version=version) for key in forget])
            return _UNAVAILABLE
        try:
            if state.outage.active:
                self._repair()
            result = call(*args, version=version, **kwargs)
        except self.errors as error:
            state.outage.failed(error)
            state.remember([self.make_key(key, version=version) for key in forget])
            return _UNAVAILABLE
        state.outage.succeeded()
        return result

    def get(self, key, default=None, version=None):
        result = self._tolerant(super().get, key, default, version=version)
        return default if result is _UNAVAILABLE else result

    def get_many(self, keys, version=None):
        result = self._tolerant(super().get_many, keys, version=version)
        return {} if result is _UNAVAILABLE else result

    def has_key(self, key, version=None):
        return self._tolerant(super().has_key, key, version=version) is True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._tolerant(super().set, key, value, timeout, forget=[key], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._tolerant(super().set_many, data, timeout, forget=list(data), version=version)
        return list(data) if result is _UNAVAILABLE else result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().add, key, value, timeout, version=version) is True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(super().touch, key, timeout, version=version) is True

    def incr(self, key, delta=1, version=None):
        result = self._tolerant(super().incr, key, delta, version=version)
        if result is _UNAVAILABLE:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")  # Django's miss for incr
        return result

    def delete(self, key, version=None):
        return self._tolerant(super().delete, key, forget=[key], version=version) is True

    def delete_many(self, keys, version=None):
        self._tolerant(super().delete_many, keys, forget=list(keys), version=version)

    def clear(self):
        try:
            return super().clear()
        except self.errors as error:
            self._state.outage.failed(error)
            with self._state.lock:
                self._state.clear_all = True
            return False
