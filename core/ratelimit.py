"""A small fixed-window rate limit per client address, kept in Django's cache (Redis in production and CI).

With the local-memory cache of a first run, the counts are per process.
"""

import time

from django.core.cache import cache
from django.shortcuts import render


def too_many(request, message: str, *, retry_after: int = 900):
    """The page that refuses a rate-limited request (429), with the wait it names in Retry-After."""
    response = render(request, "refused.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _key(scope, address, window):
    return f"ratelimit:{scope}:{address}:{int(time.time() // window)}"


def is_limited(scope, address, *, limit, window):
    """Whether ``address`` has used up its ``limit`` hits of ``scope`` in the current window."""
    return (cache.get(_key(scope, address, window)) or 0) >= limit


def hit(scope, address, *, window):
    """Count one hit; returns the count in the current window."""
    key = _key(scope, address, window)
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        return 1
