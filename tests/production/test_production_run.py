"""The whole stack as production runs it, driven over HTTP."""

import pytest

from tests.production.conftest import csrf_token, login, wait_for

pytestmark = pytest.mark.services
DEMO_PASSWORD = "jinggang-demo-2026"


def test_health_reports_database_redis_and_a_live_worker(production):
    healthy = wait_for(lambda: production["client"].get("/health").status_code == 200, timeout=120)
    response = production["client"].get("/health")
    if not healthy:
        logs = {name: (production["var"] / f"{name}.log").read_text()[-3000:] for name in ("worker", "beat")}
        pytest.fail(f"{response.text}\n--- worker\n{logs['worker']}\n--- beat\n{logs['beat']}")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "worker": "ok"}


def test_plain_http_is_redirected_to_https_and_headers_are_hardened(production):
    import httpx

    plain = httpx.get(f"http://127.0.0.1:{production['port']}/accounts/login/", timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
    page = production["client"].get("/accounts/login/")
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "Secure" in page.headers["Set-Cookie"] and "HttpOnly" in page.headers["Set-Cookie"]


def test_static_files_are_served_by_whitenoise_with_hashed_names(production):
    page = production["client"].get("/accounts/login/").text
    import re

    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert css, "the manifest storage should give hashed names"
    response = production["client"].get(css.group(1))
    assert response.status_code == 200 and "immutable" in response.headers.get("Cache-Control", "")


def test_an_office_password_alone_opens_nothing_but_the_second_factor_page(production):
    client = production["client"]
    token = csrf_token(client, "/accounts/login/")
    response = client.post("/accounts/login/", data={"username": "office", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    page = client.get("/office/campaigns/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/admin/").status_code == 302
    client.cookies.clear()


def test_login_works_and_a_wrong_password_is_refused(production):
    """The office logs in with its password and then its second factor (the code from load_demo's secret)."""
    client = production["client"]
    refused = login(client, "office", "wrong password")
    assert refused.status_code == 200 and "不正确" in refused.text
    accepted = login(client, "office", DEMO_PASSWORD)
    assert accepted.status_code == 302
    assert client.get("/office/campaigns/").status_code == 200
    client.cookies.clear()


def test_a_password_reset_mail_reaches_the_mailbox(production):
    client = production["client"]
    token = csrf_token(client, "/accounts/password/reset/")
    client.post("/accounts/password/reset/", data={"email": "office@example.org", "csrfmiddlewaretoken": token})
    assert wait_for(lambda: any("office@example.org" in m["to"] for m in production["mailbox"].messages), timeout=30)


def test_a_candidate_applies_and_the_deadline_reminder_reaches_the_mailbox(production):
    """Log in, apply over HTTP; registration is about to close; the reminder scan (sent through Redis to the
    real worker, as beat would) mails the candidate through SMTP, and the inbox shows it."""
    import re
    import subprocess
    import sys

    from tests.production.conftest import ROOT

    env = production["env"]
    # Time passes: the open round's registration now closes in three hours.
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "import datetime; from django.utils import timezone; from competition.models import Round; "
         "Round.objects.filter(number=2).update(registration_closes=timezone.now() + datetime.timedelta(hours=3))"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    client = production["client"]
    assert login(client, "candidate", DEMO_PASSWORD).status_code == 302
    board = client.get("/posts/").text
    post_id = re.search(r'href="/posts/(\d+)/">月浦镇 · 经济发展办主任', board)
    assert post_id, "the open post should be on the board"
    post_id = post_id.group(1)
    token = csrf_token(client, f"/posts/{post_id}/")
    applied = client.post(f"/posts/{post_id}/apply/", data={"statement": "本人熟悉经济工作。", "csrfmiddlewaretoken": token})
    assert applied.status_code == 302
    assert "经济发展办主任" in client.get("/candidate/applications/").text

    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "call", "notifications.tasks.scan_reminders"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    mailbox = production["mailbox"].messages
    assert wait_for(lambda: any("candidate@example.org" in m["to"] for m in mailbox), timeout=60), mailbox
    inbox = client.get("/notifications/").text
    assert "经济发展办主任" in inbox
