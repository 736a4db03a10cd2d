"""Point 3 of issue 23: the database away gives a 503 page in the user's language, keeps the applicant's input,
is logged once per outage, and workers reconnect by themselves."""

import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _refuse(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def test_an_application_posted_while_the_database_is_away_gets_a_503_page_that_keeps_the_statement(
    client, candidate, person, reg_post, settings
):
    client.force_login(candidate)
    # Reading the user fails in a middleware before any view runs; in production handler500 answers that, so the
    # client must not re-raise it as the test client does by default.
    client.raise_request_exception = False
    with connection.execute_wrapper(_refuse):  # every query fails, the 503 page's rendering included if it made any
        response = client.post(
            reverse("registration:apply", args=[reg_post.pk]),
            {"statement": "我愿意<b>服从</b>组织安排\n第二行"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER) == "10"
    assert response["Cache-Control"] == "no-store"
    assert "请稍后再试" in page and "本次提交未保存" in page and "重新提交" in page
    assert "我愿意&lt;b&gt;服从&lt;/b&gt;组织安排\n第二行</textarea>" in page  # kept, escaped, to send again
    assert f'action="{reverse("registration:apply", args=[reg_post.pk])}"' in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_the_page_speaks_english_on_request_and_never_writes_back_a_password(client):
    with connection.execute_wrapper(_refuse):
        response = client.post(
            reverse("accounts:login"), {"username": "someone", "password": "s3cret-pass"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    page = response.content.decode()
    assert response.status_code == 503 and "Please try again shortly" in page and "Nothing was saved." in page
    assert "someone" in page and "s3cret-pass" not in page


def test_a_page_read_while_the_database_is_away_reloads_by_itself(client):
    with connection.execute_wrapper(_refuse):
        response = client.get(reverse("registration:board"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert b'<meta http-equiv="refresh" content="10">' in response.content
    assert b"reloads by itself in 10 seconds" in response.content


def test_the_outage_is_logged_once_not_once_per_request(client, caplog):
    caplog.set_level(logging.INFO)
    with connection.execute_wrapper(_refuse):
        for _ in range(5):
            assert client.get(reverse("registration:board")).status_code == 503
    unavailable = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(unavailable) == 1 and "answering 503" in unavailable[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request"]  # no per-request error with a traceback


def test_a_database_error_outside_the_view_gets_the_503_page_too(monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    def fail(self, request, response):
        raise OperationalError("the session could not be saved")

    monkeypatch.setattr(SessionMiddleware, "process_response", fail)
    response = Client(raise_request_exception=False).get(reverse("registration:board"))
    assert response.status_code == 503 and response["Retry-After"] == "10"


def test_any_other_error_is_still_a_500(monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    def fail(self, request, response):
        raise ValueError("a bug")

    monkeypatch.setattr(SessionMiddleware, "process_response", fail)
    response = Client(raise_request_exception=False).get(reverse("registration:board"))
    assert response.status_code == 500 and "Retry-After" not in response


def test_connections_are_health_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that drops connections: PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_at_the_next_request():
    """What PostgreSQL's restart does to every kept connection; Django's request_started handler then reconnects."""
    import psycopg2
    from django.db import close_old_connections

    from ops.backup import connection_params

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    killer = psycopg2.connect(**connection_params())
    killer.autocommit = True
    killer.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()
    close_old_connections()  # what every request starts with (django.core.signals.request_started)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_an_unexpected_error_gets_a_500_page_in_the_readers_language_without_the_database(rf):
    from django.utils import translation

    from config.middleware import server_error

    request = rf.get("/posts/")
    with translation.override("zh-hans"), connection.execute_wrapper(_refuse):
        try:
            raise ValueError("not the database's")
        except ValueError:
            response = server_error(request)
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode() and "Server Error (500)" not in response.content.decode()


def test_the_benchmarks_server_answers_errors_as_the_product_does():
    """bench/urls.py wraps config.urls: without its handler500, a database error in a middleware was a bare 500 in
    bench/faults.py, where production answers 503."""
    import bench.urls
    import config.urls

    assert bench.urls.handler500 == config.urls.handler500
