"""The inbox, its unread count in the navigation, and the office's reminders page."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, Reminder
from notifications.services import notify


@pytest.fixture
def inbox_rows(candidate, outsider):
    mine = notify(recipients=[candidate], subject="Your application was received", url="/office/posts/")
    theirs = notify(recipients=[outsider], subject="Not for the candidate")
    return mine[0], theirs[0]


@pytest.fixture
def failed_reminder(candidate, unit):
    return Reminder.objects.create(
        rule="term_ending_1_month",
        content_type=ContentType.objects.get_for_model(unit),
        object_id=unit.pk,
        recipient=candidate,
        due_date=timezone.localdate(),
        subject="The term ends soon",
        status=Reminder.Status.FAILED,
        attempts=4,
        last_error="email: SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_the_inbox_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_inbox_shows_only_the_users_own_notifications_and_the_unread_count(client, candidate, inbox_rows):
    client.force_login(candidate)

    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 200
    assert "Your application was received" in response.content.decode()
    assert "Not for the candidate" not in response.content.decode()
    assert response.context["unread_notifications"] == 1
    assert 'data-testid="unread-count">1<' in response.content.decode()


def test_mark_read_needs_a_post(client, candidate, inbox_rows):
    client.force_login(candidate)
    response = client.get(reverse("notifications:mark_read", args=[inbox_rows[0].pk]))
    assert response.status_code == 405


def test_a_user_cannot_mark_anothers_notification_read(client, candidate, inbox_rows):
    client.force_login(candidate)

    response = client.post(reverse("notifications:mark_read", args=[inbox_rows[1].pk]))

    assert response.status_code == 404
    assert Notification.objects.get(pk=inbox_rows[1].pk).read_at is None


def test_a_user_marks_their_notification_read(client, candidate, inbox_rows):
    client.force_login(candidate)

    response = client.post(reverse("notifications:mark_read", args=[inbox_rows[0].pk]))

    assert response.status_code == 302
    assert Notification.objects.get(pk=inbox_rows[0].pk).read_at is not None
    assert 'data-testid="unread-count"' not in client.get(reverse("notifications:inbox")).content.decode()


def test_mark_read_does_not_redirect_off_site(client, candidate, inbox_rows):
    client.force_login(candidate)
    response = client.post(reverse("notifications:mark_read", args=[inbox_rows[0].pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read_touches_only_the_users_rows(client, candidate, inbox_rows):
    notify(recipients=[candidate], subject="Second")
    client.force_login(candidate)

    client.post(reverse("notifications:mark_all_read"))

    assert not Notification.objects.filter(recipient=candidate, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=inbox_rows[1].pk).read_at is None


def test_the_reminders_page_is_for_the_office_only(client, candidate, secretary, failed_reminder):
    url = reverse("notifications:reminder_list")
    assert client.get(url).status_code == 302
    for user in (candidate, secretary):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_the_office_sees_failed_reminders_with_their_error(client, office, failed_reminder):
    client.force_login(office)

    response = client.get(reverse("notifications:reminder_list") + "?status=failed")

    body = response.content.decode()
    assert response.status_code == 200
    assert "The term ends soon" in body and "SMTPServerDisconnected" in body
    assert "Term ends in one month" in body


def test_an_unknown_status_filter_falls_back_to_failed(client, office, failed_reminder):
    client.force_login(office)
    response = client.get(reverse("notifications:reminder_list") + "?status=nonsense")
    assert response.status_code == 200 and response.context["status"] == "failed"


def test_resend_is_refused_to_anyone_but_the_office(client, secretary, failed_reminder):
    url = reverse("notifications:reminder_resend", args=[failed_reminder.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(secretary)
    assert client.post(url).status_code == 403
    failed_reminder.refresh_from_db()
    assert failed_reminder.status == Reminder.Status.FAILED


def test_resending_an_unknown_reminder_is_not_found(client, office):
    client.force_login(office)
    assert client.post(reverse("notifications:reminder_resend", args=[999999])).status_code == 404


def test_the_office_resends_a_failed_reminder_from_the_page(client, office, candidate, failed_reminder, django_capture_on_commit_callbacks):
    client.force_login(office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:reminder_resend", args=[failed_reminder.pk]))

    assert response.status_code == 302
    failed_reminder.refresh_from_db()
    assert failed_reminder.status == Reminder.Status.SENT
    assert [m.to for m in mail.outbox] == [[candidate.email]]


def test_resending_a_pending_reminder_says_why_not(client, office, failed_reminder):
    Reminder.objects.filter(pk=failed_reminder.pk).update(status=Reminder.Status.PENDING)
    client.force_login(office)

    response = client.post(reverse("notifications:reminder_resend", args=[failed_reminder.pk]), follow=True)

    assert "waiting to be sent already" in response.content.decode()
