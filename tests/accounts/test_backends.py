"""The user of a logged-in request (accounts.backends.ModelBackend): Django's rules, one plain statement."""

import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import ModelBackend
from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def logged_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def request_user(client):
    request = client.get(reverse("home")).wsgi_request
    return get_user(request)


def test_logging_in_with_a_password_keeps_this_backend_in_the_session(client, secretary):
    logged_in(client, secretary)
    assert client.session["_auth_user_backend"] == "accounts.backends.ModelBackend"


def test_the_user_read_is_the_user_the_orm_reads_every_field_alike(client, secretary):
    logged_in(client, secretary)  # sets last_login: a datetime, which SQLite returns as text
    user = request_user(client)
    expected = User.objects.get(pk=secretary.pk)
    assert type(user) is User and user.pk == secretary.pk
    assert model_to_dict(user) == model_to_dict(expected)
    assert user.last_login == expected.last_login and user.last_login.tzinfo is not None
    assert (user.secretary_of_id, user.is_office, user.full_name) == (secretary.secretary_of_id, False, secretary.full_name)


def test_reading_the_user_is_one_query(secretary):
    with CaptureQueriesContext(connection) as queries:
        user = ModelBackend().get_user(secretary.pk)
    assert user == secretary and len(queries) == 1


def test_an_inactive_or_deleted_user_is_not_read_back(client, secretary):
    logged_in(client, secretary)
    User.objects.filter(pk=secretary.pk).update(is_active=False)
    assert not request_user(client).is_authenticated
    assert ModelBackend().get_user(987654) is None


def test_a_password_change_elsewhere_ends_the_session(client, secretary):
    logged_in(client, secretary)
    assert request_user(client).is_authenticated
    secretary.set_password("another long passphrase 2026")
    secretary.save()
    assert not request_user(client).is_authenticated
