"""Reminders and notifications are stored as messages and rendered in the language their recipient reads when they
are sent and when the inbox shows them, not in the language active when the scan (or the action) wrote them."""

import datetime
import decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from notifications import delivery
from notifications.messages import Deferred, Paragraphs, Text, dump, load, render, rendered
from notifications.models import Notification, Reminder
from notifications.services import notify
from notifications.tasks import reminders_scan
from tests.factories import OfficeUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_in_chinese(settings):
    """The site's language as shipped (the test settings use English)."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def readers(db):
    """Two office users: one reads English, the other has no preference (the site's Chinese)."""
    english = OfficeUserFactory(username="english", language="en", email="english@example.gov.cn")
    chinese = OfficeUserFactory(username="chinese", language="", email="chinese@example.gov.cn")
    return english, chinese


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_a_text_survives_its_trip_through_json_in_each_language():
    text = Paragraphs(
        Text(
            gettext_lazy("Registration closes on %(day)s. Review the waiting applications on the post's page before then."),
            day=datetime.date(2026, 12, 2),
        ),
        Text(gettext_lazy("%(n)s score(s) are missing; the session cannot close until they are in."), n=decimal.Decimal("3")),
        pgettext_lazy("person", "name"),
        "张三 typed this",
        Deferred(lambda: str(gettext_lazy("Venue: %(venue)s")) % {"venue": "区委党校"}),
    )
    stored = load(dump(text))
    for language in ("zh-hans", "en"):
        assert render(stored, language) == render(text, language)
    assert render(stored, "zh-hans").startswith("报名于2026年12月2日截止")
    assert "张三 typed this" in render(stored, "en")


def test_each_reader_gets_the_same_reminder_in_his_language_in_mail_and_inbox(
    readers, pending_application, django_capture_on_commit_callbacks, client
):
    english, chinese = readers
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan()
    post = pending_application.post
    # The post has one applicant of the minimum three: both office users are told, each in his language.
    [to_english] = [m for m in mail.outbox if m.to == [english.email] and "applicants" in m.subject]
    [to_chinese] = [m for m in mail.outbox if m.to == [chinese.email] and "目前报名" in m.subject]
    assert to_english.subject.startswith(f"{post} has 1 applicants; registration closes on ")
    assert "The campaign needs 3 qualified applicants" in to_english.body
    assert to_chinese.subject.startswith(f"{post} 目前报名 1 人")
    assert "本次竞岗要求每个职位至少有3名资格审核合格者" in to_chinese.body
    assert "The campaign needs" not in to_chinese.body

    client.force_login(english)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "The campaign needs 3 qualified applicants" in page and "本次竞岗要求" not in page
    client.force_login(chinese)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "本次竞岗要求每个职位至少有3名" in page and "The campaign needs" not in page


def test_a_reminder_is_rendered_in_the_language_its_recipient_reads_when_it_is_sent(readers, pending_application):
    english, chinese = readers
    reminders_scan()  # rows written, their sending queued (not run here)
    row = Reminder.objects.get(rule="registration_few_applicants", recipient=chinese)
    assert "本次竞岗要求" in row.body  # the copy written at the scan, in his language then
    chinese.language = "en"
    chinese.save(update_fields=["language"])

    assert delivery.reminder_deliver(row.pk) == "sent"
    message = mail_to(chinese)
    assert "The campaign needs 3 qualified applicants" in message.body and "本次竞岗" not in message.body
    inbox = Notification.objects.get(recipient=chinese, kind="reminder:registration_few_applicants")
    assert "The campaign needs" in rendered(inbox, "en")[1]


def test_the_inbox_shows_a_notification_in_the_language_the_reader_chose_since(readers, client):
    english, chinese = readers
    notify(recipients=[english, chinese], subject=gettext_lazy("Notifications"), body=Text(gettext_lazy("Venue: %(venue)s"), venue="区委党校"))
    english.language = "zh-hans"
    english.save(update_fields=["language"])
    client.force_login(english)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "地点：区委党校" in page or "地点: 区委党校" in page
    assert "Venue:" not in page


def test_a_user_without_a_preference_reads_his_inbox_in_the_pages_language(readers, client):
    _english, chinese = readers
    notify(recipients=[chinese], subject=gettext_lazy("Notifications"), body=Text(gettext_lazy("Venue: %(venue)s"), venue="X"))
    client.force_login(chinese)
    page = client.get(reverse("notifications:inbox"), headers={"accept-language": "en"}).content.decode()
    assert "Venue: X" in page


def test_a_row_stored_before_messages_were_kept_shows_and_sends_its_text(readers, pending_application):
    english, _chinese = readers
    reminders_scan()
    row = Reminder.objects.get(rule="registration_few_applicants", recipient=english)
    Reminder.objects.filter(pk=row.pk).update(message={}, subject="旧的提醒", body="旧的正文")
    assert delivery.reminder_deliver(row.pk) == "sent"
    message = mail_to(english)
    assert message.subject == "旧的提醒" and message.body.startswith("旧的正文")


def test_switching_the_interface_language_makes_it_the_language_of_ones_notifications(readers, client):
    english, chinese = readers
    client.force_login(chinese)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    chinese.refresh_from_db()
    assert chinese.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    chinese.refresh_from_db()
    assert chinese.language == "en"
