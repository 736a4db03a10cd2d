"""The audit trail (issue 15 point 3): what it records, its retention, and users who appear in it."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.apps import check_retention
from audit.models import AuditEvent
from audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_login_and_a_logout_are_recorded_with_the_address(client):
    user = UserFactory(username="zhang")
    client.post(reverse("accounts:login"), {"username": "zhang", "password": "correct horse battery staple"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.1.2.3")
    events = AuditEvent.objects.filter(actor=user).order_by("pk")
    assert [(e.kind, e.outcome, e.ip_address) for e in events] == [("login", "success", "10.1.2.3"), ("logout", "success", "10.1.2.3")]


def test_a_failed_login_is_recorded_as_a_failure(client):
    client.post(reverse("accounts:login"), {"username": "ghost", "password": "x"})
    assert AuditEvent.objects.get(kind="login_failed").outcome == "failure"


def test_every_admin_change_is_recorded(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.post(reverse("admin:competition_unit_add"), {"name": "新镇", "kind": "town", "leadership_quota": "5"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind="admin_change")
    assert event.actor == root and event.detail["action"] == "add" and "新镇" in event.target
    assert event.ip_address == "127.0.0.1"


def make_old_and_new_rows():
    with time_machine.travel(timezone.now() - datetime.timedelta(days=200)):
        old = audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="old")
    new = audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="new")
    return old, new


def test_purge_removes_only_rows_older_than_the_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    old, new = make_old_and_new_rows()
    call_command("purge_audit", stdout=io.StringIO())
    assert list(AuditEvent.objects.values_list("username", flat=True)) == ["new"]


def test_a_retention_under_180_days_is_refused(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    make_old_and_new_rows()
    with pytest.raises(CommandError, match="at least 180 days"):
        call_command("purge_audit", stdout=io.StringIO())
    assert AuditEvent.objects.count() == 2
    assert [error.id for error in check_retention(None)] == ["audit.E001"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL (CI runs it)")
def test_the_database_lets_only_rows_older_than_180_days_be_deleted():
    old, new = make_old_and_new_rows()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [new.pk])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [new.pk]


def test_deleting_a_user_who_appears_in_the_log_is_refused_with_a_message(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username="zhang")
    audit_record(kind=AuditEvent.Kind.LOGIN, user=user)
    client.force_login(root)
    page = client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"}, follow=True)
    assert "cannot be deleted: deactivate the account instead" in page.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert AuditEvent.objects.filter(kind="user_delete_refused", actor=root).exists()
    assert 'value="delete_selected"' not in client.get(reverse("admin:accounts_user_changelist")).content.decode()


def test_a_user_nobody_recorded_can_still_be_deleted(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username="zhang")
    client.force_login(root)
    client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=user.pk).exists()
