import datetime
import re

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse

from accounts.models import User
from accounts.services import VERIFY_SALT

pytestmark = pytest.mark.django_db


def sign_up(client, **kwargs):
    data = {"username": "zhangsan", "full_name": "张三", "email": "zs@example.org",
            "password1": "a long passphrase 42", "password2": "a long passphrase 42"}
    data.update(kwargs)
    return client.post(reverse("registration:sign_up"), data)


def test_signing_up_sends_a_link_and_the_account_works_only_after_it_is_followed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 200
    user = User.objects.get(username="zhangsan")
    assert not user.is_active
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zs@example.org"]
    link = re.search(r"http://testserver(/candidate/verify/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert not user.is_active  # a GET (a mail scanner) does not activate
    client.post(link)
    user.refresh_from_db()
    assert user.is_active
    response = client.post(reverse("accounts:login"), {"username": "zhangsan", "password": "a long passphrase 42"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_tampered_or_expired_link_is_refused(client, settings):
    sign_up(client)
    user = User.objects.get(username="zhangsan")
    forged = signing.dumps({"u": user.pk, "e": user.email}, salt="another salt")
    assert client.post(reverse("registration:verify_email", args=[forged])).status_code == 400
    old = signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=4)):
        assert client.post(reverse("registration:verify_email", args=[old])).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_an_email_address_is_used_once(client, candidate):
    response = sign_up(client, email=candidate.email.upper())
    assert response.status_code == 200 and "exists already" in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()
