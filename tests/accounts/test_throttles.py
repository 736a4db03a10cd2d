"""Throttles where abuse is cheap: sign-up and password reset per address and per email, login spraying across
usernames from one address; a 429's message names the same wait as its Retry-After."""

import math
import re

import pytest
import time_machine
from django.urls import reverse

from accounts import views as account_views
from core import ratelimit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, n, email=None, address="10.0.0.1"):
    data = {"username": f"user{n}", "full_name": "张三", "email": email or f"u{n}@example.org",
            "password1": "a long passphrase 42", "password2": "a long passphrase 42"}
    return client.post(reverse("registration:sign_up"), data, REMOTE_ADDR=address)


def minutes_named(response):
    return int(re.search(r"wait (\d+) minutes", response.content.decode()).group(1))


def test_sign_ups_from_one_address_are_refused_past_the_limit_and_others_are_not(client):
    for n in range(account_views.MAIL_PER_ADDRESS):
        assert sign_up(client, n).status_code == 200
    refused = sign_up(client, 99)
    assert refused.status_code == 429
    assert minutes_named(refused) == math.ceil(int(refused["Retry-After"]) / 60)
    assert sign_up(client, 100, address="10.0.0.2").status_code == 200


def test_sign_ups_for_one_email_are_refused_past_the_limit_from_any_address(client):
    for n in range(account_views.MAIL_PER_EMAIL):
        sign_up(client, n, email="victim@example.org", address=f"10.0.1.{n}")
    assert sign_up(client, 50, email="Victim@Example.org", address="10.0.2.1").status_code == 429


def test_password_resets_are_limited_per_email_and_per_address(client):
    url = reverse("accounts:password_reset")
    for n in range(account_views.MAIL_PER_EMAIL):
        assert client.post(url, {"email": "a@example.org"}, REMOTE_ADDR=f"10.0.3.{n}").status_code == 302
    assert client.post(url, {"email": "a@example.org"}, REMOTE_ADDR="10.0.3.99").status_code == 429
    for n in range(account_views.MAIL_PER_ADDRESS):
        client.post(url, {"email": f"b{n}@example.org"}, REMOTE_ADDR="10.0.4.1")
    refused = client.post(url, {"email": "new@example.org"}, REMOTE_ADDR="10.0.4.1")
    assert refused.status_code == 429 and refused["Retry-After"].isdigit()


def test_login_spraying_across_usernames_from_one_address_is_refused(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    UserFactory(username="target", password="correct horse battery staple")
    for n in range(4):
        client.post(reverse("accounts:login"), {"username": f"someone{n}", "password": "x"}, REMOTE_ADDR="10.0.5.1")
    response = client.post(reverse("accounts:login"), {"username": "target", "password": "correct horse battery staple"},
                           REMOTE_ADDR="10.0.5.1")
    assert "Too many failed logins" in response.content.decode() and "_auth_user_id" not in client.session
    client.post(reverse("accounts:login"), {"username": "target", "password": "correct horse battery staple"},
                REMOTE_ADDR="10.0.5.2")
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("window", [900, 3600])
def test_the_wait_in_the_message_is_the_retry_after_of_the_real_window(rf, window):
    with time_machine.travel(1_700_000_000 + 10, tick=False):  # 10 s into a window of either length
        response = ratelimit.too_many(rf.get("/"), "Please wait %(minutes)s minutes.", window=window)
    seconds = int(response["Retry-After"])
    assert seconds == window - (1_700_000_010 % window)
    assert f"wait {math.ceil(seconds / 60)} minutes" in response.content.decode()
