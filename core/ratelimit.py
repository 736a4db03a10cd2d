"""A small fixed-window rate limit per client address, kept in Django's cache (Redis in production and CI).

With the local-memory cache of a first run, the counts are per process.
"""

import math
import time

from django.core.cache import cache
from django.shortcuts import render


def seconds_left(window: int) -> int:
    """Seconds until the current fixed window of ``window`` seconds ends (when a limited address may try again)."""
    return max(1, math.ceil(window - time.time() % window))


def too_many(request, message: str, *, window: int):
    """The page that refuses a rate-limited request (429). ``message`` may name the wait as %(minutes)s: it is the
    same wait, rounded up to whole minutes, as the Retry-After header gives in seconds."""
    retry_after = seconds_left(window)
    text = message % {"minutes": math.ceil(retry_after / 60)} if "%(minutes)" in message else message
    response = render(request, "refused.html", {"message": text}, status=429)
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


def any_limited(checks, *, window) -> bool:
    """Whether any of ``checks`` = [(scope, key, limit)] has used up its limit in the current window."""
    return any(key and is_limited(scope, key, limit=limit, window=window) for scope, key, limit in checks)


def hit_all(checks, *, window) -> None:
    """Count one hit for each of ``checks`` (as ``any_limited`` takes them)."""
    for scope, key, _limit in checks:
        if key:
            hit(scope, key, window=window)
