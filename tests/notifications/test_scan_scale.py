"""The scan at scale (issue 19.3): its queries and its rendering do not grow with what is due, and a second scan
writes and renders nothing. The time itself is measured by bench/pages_scale.py, not here."""

import datetime
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy

from competition.models import Application, MaterialRequirement, Post
from notifications import scan_rows, tasks
from notifications.messages import Deferred, Text, text_key
from notifications.models import Reminder
from notifications.registry import REGISTRY, Due, reminder_rule
from notifications.tasks import reminders_scan
from tests.factories import ApplicationFactory, CandidateUserFactory, PostFactory


def _apply(closing_round, unit, *, posts, per_post):
    """``posts`` posts in registration in the closing round, each with ``per_post`` applications awaiting review."""
    for _ in range(posts):
        post = PostFactory(campaign=closing_round.campaign, unit=unit, round=closing_round)
        Post.objects.filter(pk=post.pk).update(status=Post.Status.REGISTRATION)
        for _ in range(per_post):
            user = CandidateUserFactory()
            ApplicationFactory(post=post, round=closing_round, person=user.person, status=Application.Status.SUBMITTED)


def _queries_of_a_scan():
    # The sending tasks wait for a commit the test's transaction never makes: only the scan's own queries count.
    with CaptureQueriesContext(connection) as captured:
        reminders_scan()
    return len(captured)


@pytest.fixture
def counted(monkeypatch):
    """How many times the scan renders and dumps a text."""
    calls = {"render": 0, "dump": 0}

    def counting(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(tasks, "render", counting("render", tasks.render))
    monkeypatch.setattr(tasks, "dump", counting("dump", tasks.dump))
    return calls


def test_a_scan_makes_as_many_queries_over_thirty_due_applications_as_over_three(closing_round, unit, office):
    # What a process reads once (the content types, the working-day calendar) is read before counting.
    ContentType.objects.get_for_models(Application, Post)
    # A work plan every candidate owes by the close, so that the materials rule has work too.
    MaterialRequirement.objects.create(
        campaign=closing_round.campaign, kind=MaterialRequirement.Kind.WORK_PLAN, title="工作设想",
        deadline=closing_round.registration_closes,
    )
    reminders_scan()
    _apply(closing_round, unit, posts=3, per_post=1)
    few = _queries_of_a_scan()
    assert Reminder.objects.filter(rule="registration_closing").count() == 3
    assert Reminder.objects.filter(rule="materials_due").count() == 3

    Reminder.objects.all().delete()
    _apply(closing_round, unit, posts=9, per_post=3)
    many = _queries_of_a_scan()

    assert Reminder.objects.filter(rule="registration_closing").count() == 30
    assert Reminder.objects.filter(rule="reviews_pending").count() == 12
    assert Reminder.objects.filter(rule="materials_due").count() == 30
    assert many == few


def test_a_second_scan_renders_nothing_and_writes_nothing(closing_round, unit, office, counted):
    _apply(closing_round, unit, posts=2, per_post=3)
    reminders_scan()
    rows = dict(Reminder.objects.values_list("pk", "message"))
    assert len(rows) >= 6 + 2 and counted["render"] > 0
    counted.update(render=0, dump=0)

    with CaptureQueriesContext(connection) as captured:
        assert reminders_scan() == 0  # the rows of the first are leased to its sending tasks: nothing to hand over

    assert counted == {"render": 0, "dump": 0}
    assert dict(Reminder.objects.values_list("pk", "message")) == rows
    assert not [query for query in captured if query["sql"].startswith("INSERT")]


def test_each_post_s_subject_is_rendered_once_however_many_candidates_applied(closing_round, unit, counted):
    _apply(closing_round, unit, posts=1, per_post=2)
    reminders_scan()
    few = counted["render"]

    Reminder.objects.all().delete()
    counted.update(render=0, dump=0)
    post = Post.objects.get()
    for _ in range(20):
        user = CandidateUserFactory()
        ApplicationFactory(post=post, round=closing_round, person=user.person, status=Application.Status.SUBMITTED)
    reminders_scan()

    assert Reminder.objects.filter(rule="registration_closing").count() == 22
    assert counted["render"] == few


def test_candidates_of_one_post_get_the_subject_in_the_language_each_reads(closing_round, unit):
    _apply(closing_round, unit, posts=1, per_post=0)
    post = Post.objects.get()
    readers = [CandidateUserFactory(language=language) for language in ("zh-hans", "en", "zh-hans", "en")]
    for user in readers:
        ApplicationFactory(post=post, round=closing_round, person=user.person, status=Application.Status.SUBMITTED)

    reminders_scan()

    subjects = dict(Reminder.objects.filter(rule="registration_closing").values_list("recipient_id", "subject"))
    assert [subjects[user.pk].split(str(post))[1].split()[0] for user in readers] == ["报名将于", "closes", "报名将于", "closes"]


def test_texts_that_say_the_same_share_a_key_and_others_do_not(closing_round, unit):
    _apply(closing_round, unit, posts=2, per_post=0)
    first, second = Post.objects.order_by("pk")
    again = Post.objects.get(pk=first.pk)  # another instance of the same row
    day = closing_round.registration_closes.date()

    def subject(post, day=day):
        return Text(gettext_lazy("Registration for %(post)s closes on %(day)s"), post=post, day=day)

    assert text_key(subject(first)) == text_key(subject(again))
    assert text_key(subject(first)) != text_key(subject(second))
    assert text_key(subject(first)) != text_key(subject(first, day=day + datetime.timedelta(days=1)))
    assert text_key(Text(gettext_lazy("%(n)s"), n=1)) != text_key(Text(gettext_lazy("%(n)s"), n=True))
    moment = timezone.now()
    at = Text(gettext_lazy("%(time)s"), time=moment)
    assert text_key(at) == text_key(Text(gettext_lazy("%(time)s"), time=moment.replace()))
    assert text_key(at) != text_key(Text(gettext_lazy("%(time)s"), time=timezone.localtime(moment)))
    # What is known only by its identity has no key: the scan then writes it for each due.
    assert text_key(Deferred(lambda: "x")) is None
    assert text_key(Text(gettext_lazy("%(x)s"), x=object())) is None


def test_a_waiting_row_is_handed_over_by_one_scan_only(closing_round, unit):
    _apply(closing_round, unit, posts=1, per_post=1)
    reminders_scan()
    reminder = Reminder.objects.get(rule="registration_closing")
    Reminder.objects.filter(pk=reminder.pk).update(retry_after=None)  # as after a failed attempt whose time has come
    now = timezone.now()
    lease = now + datetime.timedelta(minutes=10)

    assert scan_rows.claim_waiting(now=now, lease=lease) == [reminder.pk]
    assert scan_rows.claim_waiting(now=now, lease=lease) == []
    reminder.refresh_from_db()
    assert reminder.retry_after == lease and reminder.status == Reminder.Status.PENDING


def test_a_rule_whose_text_cannot_be_written_does_not_stop_the_others(closing_round, unit, office, caplog):
    _apply(closing_round, unit, posts=1, per_post=1)

    @reminder_rule("unwritable_for_test", label="unwritable", lead_days=0)
    def unwritable(today, lead_days):
        yield Due(office, office, today, Deferred(lambda: 1 / 0))

    try:
        with caplog.at_level(logging.ERROR):
            reminders_scan()
    finally:
        del REGISTRY["unwritable_for_test"]
    assert "unwritable_for_test" in caplog.text
    assert not Reminder.objects.filter(rule="unwritable_for_test").exists()
    assert Reminder.objects.filter(rule="registration_closing").count() == 1
