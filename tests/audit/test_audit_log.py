"""The security audit log: what it records, who reads it, and that nobody can change it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_a_failed_login_is_recorded_with_the_username_tried(client):
    client.post(reverse("accounts:login"), {"username": "ghost", "password": "x"})
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert event.username == "ghost" and event.ip_address == "127.0.0.1"


def test_a_denied_request_is_recorded(client, candidate):
    client.force_login(candidate)
    assert client.get(reverse("competition:campaign_list")).status_code == 403
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERMISSION_DENIED)
    assert event.actor == candidate and event.path == reverse("competition:campaign_list")


def test_only_the_audit_administrator_reads_the_log(client, office, secretary, candidate, system_admin, security_admin, audit_admin):
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, user=office, what="roster")
    assert client.get(reverse("audit:log")).status_code == 302
    for user in (secretary, candidate, office, system_admin, security_admin):
        client.force_login(user)
        assert client.get(reverse("audit:log")).status_code == 403, user
    client.force_login(audit_admin)
    page = client.get(reverse("audit:log")).content.decode()
    assert "roster" in page
    assert "data-combined-roles" not in page


def test_the_audit_page_says_when_one_account_may_hold_several_administrator_roles(client, audit_admin, settings):
    settings.ALLOW_COMBINED_ADMIN_ROLES = True
    client.force_login(audit_admin)
    assert "data-combined-roles" in client.get(reverse("audit:log")).content.decode()


def test_the_model_refuses_edits_and_deletes(office):
    event = audit_record(kind=AuditEvent.Kind.SCORE_CORRECTION, user=office, old="80", new="85")
    event.username = "someone else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL (CI runs it)")
def test_the_database_refuses_edits_even_in_raw_sql(office):
    event = audit_record(kind=AuditEvent.Kind.SCORE_CORRECTION, user=office)
    for sql in ("UPDATE audit_auditevent SET username = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).username == office.username


def test_the_admin_offers_no_way_to_change_the_log(client, office):
    event = audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="x")
    client.force_login(office)  # the demo office user is staff; here make it so
    office.is_staff = office.is_superuser = True
    office.save()
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code in (200, 403)
    response = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"username": "changed"})
    assert response.status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).username == "x"


def test_downloading_a_registration_roster_is_recorded_as_an_export_of_personal_data(client, office):
    from tests.factories import ApplicationFactory, post_in_state

    post = post_in_state("registration")
    ApplicationFactory(post=post)
    client.force_login(office)
    response = client.get(reverse("registration:post_roster", args=[post.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT)
    assert event.actor == office and event.detail == {"export": "registration roster", "post": post.pk}
