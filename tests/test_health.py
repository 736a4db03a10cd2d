import datetime

import pytest
from django.utils import timezone

from ops.models import Heartbeat
from ops.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_health_is_degraded_until_a_worker_has_beaten(client):
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["worker"] == "no heartbeat yet"


def test_health_is_ok_after_a_heartbeat_and_stale_after_two_minutes(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "memory://"
    heartbeat()
    response = client.get("/health")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured", "worker": "ok"}
    Heartbeat.objects.filter(name="worker").update(at=timezone.now() - datetime.timedelta(minutes=3))
    assert client.get("/health").json()["worker"].startswith("stale")


def test_health_reports_an_unreachable_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    heartbeat()
    response = client.get("/health")
    # Issue 23: pages still work without the cache, so the site stays in the load balancer (was 503).
    assert response.status_code == 200
    assert response.json()["redis"].startswith("error")
    assert response.json()["status"] == "degraded" and "cache" in response.json()["redis"]


def test_health_names_the_broker_when_it_is_away_and_stays_up_though_the_worker_falls_silent(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    heartbeat()
    Heartbeat.objects.filter(name="worker").update(at=timezone.now() - datetime.timedelta(minutes=3))
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["redis"] == "error: broker ConnectionError"
    assert response.json()["status"] == "degraded" and response.json()["worker"].startswith("stale")


def test_health_is_503_when_the_database_does_not_answer(client):
    from django.db import OperationalError, connection

    def refuse(*args):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(refuse):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError" and response.json()["status"] == "degraded"


def test_health_sees_the_real_redis_when_one_is_configured(client, settings):
    import os

    if not settings.REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must configure REDIS_URL")
        pytest.skip("no Redis configured on this run")
    heartbeat()
    assert client.get("/health").json()["redis"] == "ok"
