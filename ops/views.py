"""/health: is the database answering, is Redis answering, has a worker run lately?

Only the database takes the site down (503): without Redis the cache misses and tasks wait in the database
(README: Faults), so a Redis or broker that does not answer is reported with 200 and "degraded", naming the part.
A worker that has not beaten for two minutes is a 503, unless the broker it listens to is the part that is away.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from ops.models import Heartbeat

WORKER_STALE_AFTER = datetime.timedelta(minutes=2)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _redis_parts():
    """The Redis servers in use, by the part they play: {"cache": url, "broker": url}."""
    parts = {}
    if settings.REDIS_URL:
        parts["cache"] = settings.REDIS_URL
    if settings.CELERY_BROKER_URL.startswith("redis"):
        parts["broker"] = settings.CELERY_BROKER_URL
    return parts


def _redis():
    """"ok", "not configured", or "error: " and the part that failed ("cache", "broker") with its error."""
    parts = _redis_parts()
    if not parts:
        return "not configured", set()
    import redis

    failed = {}
    for part, url in parts.items():
        try:
            redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
        except Exception as error:  # noqa: BLE001 - a health check reports any failure, it never raises
            failed[part] = type(error).__name__
    if not failed:
        return "ok", set()
    return "error: " + "; ".join(f"{part} {name}" for part, name in failed.items()), set(failed)


def _worker():
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return "no heartbeat yet"
    age = timezone.now() - beat.at
    return "ok" if age <= WORKER_STALE_AFTER else f"stale ({int(age.total_seconds())} s)"


def _checked(check):
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - a health check reports any failure, it never raises
        return f"error: {type(error).__name__}"


@never_cache
def health(request):
    checks = {"database": _checked(_database)}
    checks["redis"], redis_failed = _redis()
    checks["worker"] = _checked(_worker) if checks["database"] == "ok" else "unknown (no database)"
    fine = ("ok", "not configured")
    if all(value in fine for value in checks.values()):
        return JsonResponse({"status": "ok", **checks})
    down = checks["database"] != "ok" or (checks["worker"] not in fine and "broker" not in redis_failed)
    return JsonResponse({"status": "degraded", **checks}, status=503 if down else 200)
