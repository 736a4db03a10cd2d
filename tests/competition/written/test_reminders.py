"""The written exam's reminders: each candidate is reminded to print his admission ticket three days before the exam
and of the exam the day before, in his own language; a candidate no longer in the running is not."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competition.models import Application
from competition.written import services as written
from notifications import delivery
from notifications.models import Reminder
from notifications.tasks import reminders_scan
from tests.competition.written.conftest import post_at_written
from tests.notifications.days import at, sent, walk

d = datetime.date


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan()

    return run


def session_on_friday(post, office, name="第一场"):
    """A session on Friday 13 June 2025 at 9:00, created on Monday 9 June."""
    return written.written_session_create(
        campaign=post.campaign, name=name, posts=[post], starts_at=at(d(2025, 6, 13)), ends_at=at(d(2025, 6, 13), 11),
        venue="区委党校", rooms=[("第一考场", 30)], by=office,
    )  # fmt: skip


def candidates(post):
    return [a.person.user for a in post.applications.select_related("person__user").order_by("pk")]


def test_each_candidate_is_reminded_to_print_his_ticket_and_of_the_exam_the_day_before(
    time_machine, scan, campaign, office, settings, client
):
    settings.LANGUAGE_CODE = "zh-hans"
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = post_at_written(campaign, applicants=3)
    english, chinese, gone = candidates(post)
    english.language = "en"
    english.save(update_fields=["language"])
    session = written.written_session_issue(session_id=session_on_friday(post, office).pk, by=office)

    def withdraw_on_tuesday(day):
        if day == d(2025, 6, 10):
            Application.objects.filter(person__user=gone).update(
                status=Application.Status.WITHDRAWN, outcome=Application.Outcome.WITHDRAWN
            )

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 14), withdraw_on_tuesday)

    # Three days ahead (the tickets were issued on Monday, with their own notice), and the day before.
    assert sent("written_ticket_to_print") == {
        (english.username, d(2025, 6, 10), d(2025, 6, 13)),
        (chinese.username, d(2025, 6, 10), d(2025, 6, 13)),
    }
    assert sent("written_exam_tomorrow") == {
        (english.username, d(2025, 6, 12), d(2025, 6, 13)),
        (chinese.username, d(2025, 6, 12), d(2025, 6, 13)),
    }
    ticket = session.tickets.get(application__person__user=english)
    [to_english] = [m for m in mail.outbox if m.to == [english.email] and m.subject.startswith("Written exam")]
    assert to_english.subject == f"Written exam of {post} at June 13, 2025, 9 a.m."
    assert f"区委党校, 第一考场, seat {ticket.seat}; admission ticket number {ticket.number}." in to_english.body
    chinese_ticket = session.tickets.get(application__person__user=chinese)
    [to_chinese] = [m for m in mail.outbox if m.to == [chinese.email] and "笔试时间" in m.subject]
    assert f"考点：区委党校，第一考场，{chinese_ticket.seat}号座位；准考证号：{chinese_ticket.number}。" in to_chinese.body
    assert "请携带准考证和身份证按时参加考试" in to_chinese.body
    client.force_login(english)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Print your admission ticket" in page and "请打印" not in page
    client.force_login(chinese)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "请打印" in page and "Print your admission ticket" not in page


def test_tickets_issued_on_the_reminders_day_are_not_reminded_twice_that_day(time_machine, scan, campaign, office):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = post_at_written(campaign, applicants=3)
    session = session_on_friday(post, office)

    def issue_on_tuesday(day):
        if day == d(2025, 6, 10):
            written.written_session_issue(session_id=session.pk, by=office)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 13), issue_on_tuesday)
    assert sent("written_ticket_to_print") == {(user.username, d(2025, 6, 11), d(2025, 6, 13)) for user in candidates(post)}


def test_a_planned_session_without_tickets_reminds_nobody(time_machine, scan, campaign, office):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    session_on_friday(post_at_written(campaign, applicants=3), office)
    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 13))
    assert not Reminder.objects.filter(rule__startswith="written_").exists()


def test_a_reminder_to_a_candidate_who_withdrew_before_it_went_out_is_not_sent(time_machine, campaign, office):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = post_at_written(campaign, applicants=3)
    written.written_session_issue(session_id=session_on_friday(post, office).pk, by=office)
    time_machine.move_to(at(d(2025, 6, 12)), tick=False)
    reminders_scan()
    row = Reminder.objects.filter(rule="written_exam_tomorrow").first()
    post.applications.update(status=Application.Status.WITHDRAWN, outcome=Application.Outcome.WITHDRAWN)
    mail.outbox.clear()
    assert delivery.reminder_deliver(row.pk) == "obsolete"
    assert mail.outbox == []


def test_the_written_reminders_cost_the_same_queries_for_more_candidates(time_machine, campaign, office):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)

    def scan_queries():
        Reminder.objects.all().delete()
        ContentType.objects.clear_cache()
        time_machine.move_to(at(d(2025, 6, 12)), tick=False)
        with CaptureQueriesContext(connection) as queries:
            reminders_scan()
        time_machine.move_to(at(d(2025, 6, 9)), tick=False)
        return len(queries), Reminder.objects.filter(rule="written_exam_tomorrow").count()

    first = post_at_written(campaign, applicants=3)
    written.written_session_issue(session_id=session_on_friday(first, office).pk, by=office)
    few, rows_few = scan_queries()
    second = post_at_written(campaign, applicants=6)
    written.written_session_issue(session_id=session_on_friday(second, office, name="第二场").pk, by=office)
    many, rows_many = scan_queries()
    assert (rows_few, rows_many) == (3, 9)
    assert many == few
