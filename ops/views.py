"""/health: is the database answering, is Redis answering, has a worker run lately?"""

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


def _redis():
    url = settings.REDIS_URL or (settings.CELERY_BROKER_URL if settings.CELERY_BROKER_URL.startswith("redis") else "")
    if not url:
        return "not configured"
    import redis

    redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
    return "ok"


def _worker():
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return "no heartbeat yet"
    age = timezone.now() - beat.at
    return "ok" if age <= WORKER_STALE_AFTER else f"stale ({int(age.total_seconds())} s)"


@never_cache
def health(request):
    checks = {}
    for name, check in (("database", _database), ("redis", _redis), ("worker", _worker)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - a health check reports any failure, it never raises
            checks[name] = f"error: {type(error).__name__}"
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503)
