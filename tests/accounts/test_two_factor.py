"""Two-factor login (issue 15, point 1): who must, enrolment, recovery codes, resets, idle sessions, demo codes."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from audit.models import AuditEvent
from core.exceptions import ActionRefused
from tests.factories import OfficeUserFactory, SecretaryFactory, UserFactory, enrol, totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
CAMPAIGNS = "/office/campaigns/"


def password_login(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[-500:]


def test_an_office_user_sees_only_the_second_factor_page_until_his_code_is_accepted(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows repeated failures down: not what this test is about
    office = OfficeUserFactory(username="wang")
    password_login(client, "wang")
    page = client.get(CAMPAIGNS)
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:two_factor_verify"))
    refused = client.post(reverse("accounts:two_factor_verify"), {"token": "000000", "next": CAMPAIGNS})
    assert refused.status_code == 200 and "The code is not correct." in refused.content.decode()
    assert client.get(CAMPAIGNS).status_code == 302
    accepted = client.post(reverse("accounts:two_factor_verify"), {"token": totp_code(office), "next": CAMPAIGNS})
    assert accepted.status_code == 302 and accepted["Location"] == CAMPAIGNS
    assert client.get(CAMPAIGNS).status_code == 200
    kinds = list(AuditEvent.objects.filter(actor=office).order_by("pk").values_list("kind", "outcome"))
    assert kinds == [("login", "success"), ("two_factor_failed", "failure"), ("two_factor_verified", "success")]


def test_the_django_admin_needs_a_verified_second_factor(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    password_login(client, "root")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_an_office_user_without_a_second_factor_enrols_with_a_qr_code_drawn_here_and_gets_recovery_codes(client):
    user = UserFactory(username="new", is_office=True)
    password_login(client, "new")
    assert client.get(CAMPAIGNS)["Location"].startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page and "data-secret" in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert "The code is not correct" in wrong.content.decode()
    done = client.post(reverse("accounts:two_factor_setup"), {"token": totp_code(device, wait_for_fresh=False)})
    codes = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    user.refresh_from_db()
    assert user.two_factor_enrolled and TOTPDevice.objects.get(user=user).confirmed
    assert client.get(CAMPAIGNS).status_code == 200
    assert AuditEvent.objects.filter(kind="two_factor_enrolled", actor=user).exists()


def test_a_recovery_code_logs_in_once(client):
    user = OfficeUserFactory(username="wang")
    code = two_factor._new_recovery_codes(user)[0]
    password_login(client, "wang")
    assert client.post(reverse("accounts:two_factor_verify"), {"token": code}).status_code == 302
    assert client.get(CAMPAIGNS).status_code == 200
    assert AuditEvent.objects.get(kind="recovery_code_used").actor == user
    client.post(reverse("accounts:logout"))
    password_login(client, "wang")
    again = client.post(reverse("accounts:two_factor_verify"), {"token": code})
    assert again.status_code == 200 and client.get(CAMPAIGNS).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, office):
    old = two_factor._new_recovery_codes(office)
    client.force_login(office)
    page = client.post(reverse("accounts:recovery_codes")).content.decode()
    new = list(StaticToken.objects.filter(device__user=office).values_list("token", flat=True))
    assert set(new).isdisjoint(old) and all(code in page for code in new)


def test_a_unit_secretary_is_not_asked_until_he_enrols_and_then_always(client):
    secretary = SecretaryFactory(username="li")
    password_login(client, "li")
    assert client.get(CAMPAIGNS).status_code == 200
    client.post(reverse("accounts:logout"))
    enrol(secretary)
    password_login(client, "li")
    assert client.get(CAMPAIGNS)["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_another_security_administrator_resets_a_second_factor_and_it_is_audited(client, office, security_admin):
    enrol(office)
    client.force_login(security_admin)
    client.post(reverse("accounts:security"), {"action": "reset_two_factor", "user": office.pk})
    office.refresh_from_db()
    assert not office.two_factor_enrolled and not TOTPDevice.objects.filter(user=office).exists()
    event = AuditEvent.objects.get(kind="two_factor_reset")
    assert event.actor == security_admin and event.target.startswith(f"accounts.user:{office.pk} ")


def test_nobody_resets_his_own_second_factor(security_admin):
    enrol(security_admin)
    with pytest.raises(ActionRefused):
        two_factor.two_factor_reset(user_id=security_admin.pk, by=security_admin)
    assert TOTPDevice.objects.filter(user=security_admin).exists()


def test_the_office_cannot_reset_a_second_factor(client, office, secretary):
    enrol(secretary)
    client.force_login(office)
    assert client.post(reverse("accounts:security"), {"action": "reset_two_factor", "user": secretary.pk}).status_code == 403
    assert User.objects.get(pk=secretary.pk).two_factor_enrolled


@pytest.mark.parametrize("user_kind, minutes, still_in", [("office", 29, True), ("office", 31, False), ("candidate", 31, True), ("candidate", 8 * 60 + 1, False)])
def test_an_idle_session_ends_after_its_timeout(client, office, candidate, settings, user_kind, minutes, still_in):
    settings.OFFICE_SESSION_IDLE_MINUTES = 30
    settings.SESSION_COOKIE_AGE = 8 * 3600
    user = {"office": office, "candidate": candidate}[user_kind]
    start = datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.timezone.utc)
    page = reverse("notifications:inbox")
    with time_machine.travel(start, tick=False):
        client.force_login(user)
        assert client.get(page).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
        response = client.get(page)
    if still_in:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert "_auth_user_id" not in client.session
        if user_kind == "office":
            assert AuditEvent.objects.filter(kind="logout", actor=user).exists()


def test_activity_keeps_an_office_session_alive(client, office):
    start = datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.timezone.utc)
    page = reverse("notifications:inbox")
    for step in range(4):
        with time_machine.travel(start + datetime.timedelta(minutes=20 * step), tick=False):
            if step == 0:
                client.force_login(office)
            assert client.get(page).status_code == 200


def test_demo_totp_prints_the_current_code_of_a_demo_account_only(office, candidate):
    device = two_factor.demo_enrol(office)
    out = io.StringIO()
    call_command("demo_totp", "office", stdout=out)
    assert out.getvalue().strip() == two_factor.current_code(device)
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("demo_totp", "candidate", stdout=io.StringIO())
