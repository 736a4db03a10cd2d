"""A small fixed-window rate limit per client address, kept in Django's cache (Redis in production and CI).

With the local-memory cache of a first run, the counts are per process. While Redis is away (the cache then
answers every read with a miss, see core/cache.py) the hits are counted in this process instead, so a limit still
holds, per web worker, and a vote or objection page never fails because of the cache.
"""

import math
import threading
import time

from django.core.cache import cache
from django.shortcuts import render

# This process's counts while the shared cache is away: {key: (end of its window, hits)}.
_local: dict[str, tuple[float, int]] = {}
_local_lock = threading.Lock()


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


def _cache_available():
    return getattr(cache, "available", True)


def _local_count(key, add=0, window=0):
    now = time.time()
    with _local_lock:
        if add and len(_local) > 10_000:  # an address per key: drop the windows that are over
            for old in [k for k, (ends, _n) in _local.items() if ends < now]:
                del _local[old]
        ends, count = _local.get(key, (now + window, 0))
        if add:
            _local[key] = (ends, count + add)
        return count + add


def is_limited(scope, address, *, limit, window):
    """Whether ``address`` has used up its ``limit`` hits of ``scope`` in the current window."""
    key = _key(scope, address, window)
    shared = cache.get(key) or 0
    if not _cache_available():
        return _local_count(key) >= limit
    return shared >= limit


def hit(scope, address, *, window):
    """Count one hit; returns the count in the current window."""
    key = _key(scope, address, window)
    cache.add(key, 0, timeout=window + 1)
    try:
        shared = cache.incr(key)
    except ValueError:  # expired between add and incr, or the cache is away
        cache.set(key, 1, timeout=window + 1)
        shared = 1
    if not _cache_available():
        return _local_count(key, add=1, window=window)
    return shared


def any_limited(checks, *, window) -> bool:
    """Whether any of ``checks`` = [(scope, key, limit)] has used up its limit in the current window."""
    return any(key and is_limited(scope, key, limit=limit, window=window) for scope, key, limit in checks)


def hit_all(checks, *, window) -> None:
    """Count one hit for each of ``checks`` (as ``any_limited`` takes them)."""
    for scope, key, _limit in checks:
        if key:
            hit(scope, key, window=window)
