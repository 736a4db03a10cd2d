"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's ``RedisCacheClient`` wraps its pool in a new ``redis.Redis`` for every operation, and with redis-py 8
building one costs about 150 µs, more than the GET it is built for (a session read on every logged-in request).
redis-py's clients hold no connection of their own and are safe to share between threads; the pool, which Django
already keeps per server, does the rest. Everything else is Django's.
"""

from django.core.cache.backends import redis as django_redis


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
