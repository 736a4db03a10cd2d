"""Settings for production, the interface language, security headers, and the demo data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    full_env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:", **env}
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting; check --deploy warns about it
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True)


def test_production_refuses_the_development_secret():
    result = run_manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "real SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_id_number_keys():
    result = run_manage(
        "check", DEBUG="0", SECRET_KEY="k" * 30 + "-production-secret-for-the-check-only-x9", ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "ID_NUMBER_KEYS" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="k" * 30 + "-production-secret-for-the-check-only-x9", ALLOWED_HOSTS="example.org",
        ID_NUMBER_KEYS=Fernet.generate_key().decode(), ID_NUMBER_HMAC_KEY="h" * 40,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_the_interface_speaks_simplified_chinese_by_default_and_english_on_request(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = client.get(reverse("accounts:login")).content.decode()
    assert "登录" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Log in" in page and "登录" not in page


@pytest.mark.django_db
def test_pages_carry_security_headers_and_no_inline_script(client, office):
    client.force_login(office)
    response = client.get(reverse("competition:campaign_list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_the_demo_data_loads_twice_without_changing_anything():
    from django.apps import apps

    call_command("load_demo", stdout=open(os.devnull, "w"))
    counts = {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in ("competition", "accounts", "tenure")}
    call_command("load_demo", stdout=open(os.devnull, "w"))
    again = {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in ("competition", "accounts", "tenure")}
    assert counts == again
    assert counts["competition.Post"] >= 8
    from competition.models import Post

    assert len(Post.objects.counts_by_status()) >= 6
    # The documents have their issuing bodies from the start (issue 21.4): the department and each unit's Party body.
    from competition.models import IssuerSettings, Unit

    assert IssuerSettings.current().department_name == "中共宝山区委组织部"
    assert Unit.objects.get(name="罗店镇").document_code == "罗委"
    assert not Unit.objects.filter(party_body="").exists()
