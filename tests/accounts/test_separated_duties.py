"""Separated duties (三员分立, issue 15 point 2): three administrator roles, one per account, each with its pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from accounts.models import User
from audit.models import AuditEvent
from core.exceptions import ActionRefused
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = {"accounts:user_roles": "system_admin", "accounts:security": "security_admin", "audit:log": "audit_admin"}
PERSONAS = ["office", "secretary", "candidate", "system_admin", "security_admin", "audit_admin"]


@pytest.mark.parametrize("url_name", PAGES)
def test_each_administrator_page_is_for_its_role_alone(client, request, url_name):
    url = reverse(url_name)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        expected = 200 if persona == PAGES[url_name] else 403
        assert client.get(url).status_code == expected, persona
        if expected == 403:
            assert client.post(url, {"user": "1", "role": "is_office", "granted": "1", "action": "unlock", "username": "x"}).status_code == 403


def test_one_account_holds_one_administrator_role(system_admin, security_admin):
    with pytest.raises(ActionRefused):
        roles.user_role_set(user_id=security_admin.pk, role="is_audit_admin", granted=True, by=system_admin)
    assert not User.objects.get(pk=security_admin.pk).is_audit_admin
    user = UserFactory.build(is_system_admin=True, is_audit_admin=True)
    with pytest.raises(ValidationError):
        user.clean()


def test_a_small_office_may_allow_combined_roles(system_admin, security_admin, settings):
    settings.ALLOW_COMBINED_ADMIN_ROLES = True
    roles.user_role_set(user_id=security_admin.pk, role="is_audit_admin", granted=True, by=system_admin)
    assert User.objects.get(pk=security_admin.pk).admin_roles() == ["is_security_admin", "is_audit_admin"]


def test_the_system_administrator_grants_and_revokes_a_role_and_both_are_audited(client, system_admin, secretary):
    client.force_login(system_admin)
    client.post(reverse("accounts:user_roles"), {"user": secretary.pk, "role": "is_office", "granted": "1"})
    assert User.objects.get(pk=secretary.pk).is_office
    client.post(reverse("accounts:user_roles"), {"user": secretary.pk, "role": "is_office", "granted": "0"})
    assert not User.objects.get(pk=secretary.pk).is_office
    events = AuditEvent.objects.filter(kind__in=["role_granted", "role_revoked"]).order_by("pk")
    assert [(e.kind, e.actor, e.detail["role"]) for e in events] == [
        ("role_granted", system_admin, "is_office"),
        ("role_revoked", system_admin, "is_office"),
    ]
    assert all(e.target.startswith(f"accounts.user:{secretary.pk} ") for e in events)


def test_only_listed_roles_are_granted(system_admin, secretary):
    with pytest.raises(ActionRefused):
        roles.user_role_set(user_id=secretary.pk, role="is_superuser", granted=True, by=system_admin)
    assert not User.objects.get(pk=secretary.pk).is_superuser


def test_the_system_administrator_page_shows_no_candidate_data(client, system_admin, candidate):
    client.force_login(system_admin)
    page = client.get(reverse("accounts:user_roles")).content.decode()
    assert candidate.username in page and candidate.person.id_number not in page


def test_the_security_administrator_lifts_a_lockout_and_it_is_audited(client, security_admin, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="li")
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "li", "password": "wrong"})
    client.force_login(security_admin)
    assert "li" in client.get(reverse("accounts:security")).content.decode()
    client.post(reverse("accounts:security"), {"action": "unlock", "username": "li"})
    client.logout()
    ok = client.post(reverse("accounts:login"), {"username": "li", "password": "correct horse battery staple"})
    assert ok.status_code == 302
    assert AuditEvent.objects.get(kind="lockout_reset").actor == security_admin
