"""The office gives an examiner of the pool a login: an invitation by email (signed, expiring, spent once) or a
printed one-time password changed at first login; or it attaches an existing account. Each is audited."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from competition.models import Examiner
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Examiner-passphrase-42"


def log_in(client, username, password):
    """Through the login page (axes needs the request): True if the account is now logged in."""
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def paper_examiner(db):
    return Examiner.objects.create(name="孙考官")


def test_the_account_pages_by_persona(client, office, candidate, paper_examiner):
    create = reverse("interviews:examiner_account", args=[paper_examiner.pk])
    attach = reverse("interviews:examiner_attach", args=[paper_examiner.pk])
    data = {"account-username": "sun", "account-email": "sun@example.org", "account-method": "invite"}
    assert client.post(create, data).status_code == 302 and not User.objects.filter(username="sun").exists()
    client.force_login(candidate)
    assert client.post(create, data).status_code == 403
    assert client.post(attach, {"attach-username": "candidate"}).status_code == 403
    client.force_login(office)
    assert client.post(reverse("interviews:examiner_account", args=[paper_examiner.pk + 999]), data).status_code == 404
    assert client.get(create).status_code == 405
    assert client.post(create, data).status_code == 302
    paper_examiner.refresh_from_db()
    assert paper_examiner.user.username == "sun"


def test_an_invited_examiner_sets_his_password_once_by_the_link(client, office, paper_examiner, django_capture_on_commit_callbacks):
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("interviews:examiner_account", args=[paper_examiner.pk]),
            {"account-username": "sun", "account-email": "sun@example.org", "account-method": "invite"},
        )
    user = User.objects.get(username="sun")
    assert user.examiner == paper_examiner and user.full_name == "孙考官" and not user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["sun@example.org"]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXAMINER_ACCOUNT)
    assert event.actor == office and event.detail == {"examiner": paper_examiner.pk, "account": "sun", "method": "invite"}

    client.logout()
    assert "sun" in client.get(path).content.decode()
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert log_in(client, "sun", PASSWORD)
    client.logout()
    # Spent: the same link cannot set the password again.
    again = client.post(path, {"new_password1": "another-Long-passphrase-7", "new_password2": "another-Long-passphrase-7"})
    assert again.status_code == 400
    assert log_in(client, "sun", PASSWORD)


def test_an_invitation_expires_after_seven_days(client, office, paper_examiner, django_capture_on_commit_callbacks):
    from accounts.services import account_create, invitation_token

    user, _password = account_create(username="sun", full_name="孙考官", one_time=False)
    path = reverse("accounts:invitation_accept", args=[invitation_token(user)])
    assert client.get(path).status_code == 200
    with _days_later(8):
        response = client.get(path)
    assert response.status_code == 400 and "expired" in response.content.decode()


def _days_later(days):
    import datetime

    from django.utils import timezone

    return time_machine.travel(timezone.now() + datetime.timedelta(days=days), tick=False)


def test_a_printed_one_time_password_must_be_changed_at_first_login(client, office, paper_examiner):
    client.force_login(office)
    response = client.post(
        reverse("interviews:examiner_account", args=[paper_examiner.pk]),
        {"account-username": "sun", "account-email": "", "account-method": "password"},
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert len(password) == 12 and password in response.content.decode()
    user = User.objects.get(username="sun")
    assert user.password_change_required and user.password != password  # hashed, never stored in clear
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.EXAMINER_ACCOUNT).detail["method"] == "password"

    client.logout()
    assert log_in(client, "sun", password)
    blocked = client.get(reverse("interviews:session_list"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("accounts:password_change"))
    client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    user.refresh_from_db()
    assert not user.password_change_required
    assert client.get(reverse("interviews:session_list")).status_code == 200


def test_the_office_attaches_an_existing_account_later_but_not_one_another_examiner_holds(client, office, paper_examiner):
    taken = UserFactory(username="taken")
    Examiner.objects.create(name="另一考官", user=taken)
    free = UserFactory(username="free")
    client.force_login(office)
    url = reverse("interviews:examiner_attach", args=[paper_examiner.pk])
    client.post(url, {"attach-username": "taken"})
    paper_examiner.refresh_from_db()
    assert paper_examiner.user is None
    client.post(url, {"attach-username": "free"})
    paper_examiner.refresh_from_db()
    assert paper_examiner.user == free
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.EXAMINER_ACCOUNT).detail == {
        "examiner": paper_examiner.pk,
        "account": "free",
        "method": "attach",
    }
    # An examiner with an account gets no second one.
    client.post(url, {"attach-username": "taken"})
    paper_examiner.refresh_from_db()
    assert paper_examiner.user == free


def test_a_taken_login_name_is_refused_and_nothing_is_created(client, office, paper_examiner):
    UserFactory(username="sun")
    client.force_login(office)
    response = client.post(
        reverse("interviews:examiner_account", args=[paper_examiner.pk]),
        {"account-username": "SUN", "account-email": "", "account-method": "password"},
        follow=True,
    )
    paper_examiner.refresh_from_db()
    assert paper_examiner.user is None and User.objects.filter(username__iexact="sun").count() == 1
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXAMINER_ACCOUNT).exists()
    assert response.status_code == 200
