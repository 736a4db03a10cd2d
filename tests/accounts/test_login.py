"""Logging in: Argon2, throttling with a finite cool-off, no username enumeration."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_passwords_are_stored_with_argon2():
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_a_wrong_username_and_a_wrong_password_get_the_same_message(client):
    UserFactory(username="zhang")
    wrong_password = client.post(reverse("accounts:login"), {"username": "zhang", "password": "nope"})
    no_such_user = client.post(reverse("accounts:login"), {"username": "nobody", "password": "nope"})
    assert wrong_password.status_code == no_such_user.status_code == 200
    assert "The username or password is not correct." in wrong_password.content.decode()
    assert "The username or password is not correct." in no_such_user.content.decode()


def test_five_failures_lock_the_login_even_with_the_right_password(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="li")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "li", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "li", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_has_a_finite_cool_off(settings):
    from django.conf import settings as live

    assert 0 < live.AXES_COOLOFF_TIME <= 24


def test_the_right_password_logs_in(client):
    UserFactory(username="wang")
    response = client.post(reverse("accounts:login"), {"username": "wang", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_password_reset_says_the_same_whether_or_not_the_address_is_known(client):
    UserFactory(username="zhao", email="zhao@example.org")
    known = client.post(reverse("accounts:password_reset"), {"email": "zhao@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhao@example.org"]


def test_logout_is_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
