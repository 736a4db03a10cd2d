"""The reminders of steps 5 to 8 (evaluation, publicity, decision): who gets what, and on which day.

Each test walks the days with time-machine, scanning twice a day as beat and a restarted worker might, and
driving the step through its service functions where the walk crosses a state change.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from competition.decision.services import decision_record
from competition.evaluation.services import evaluation_close, evaluation_open
from competition.models import Application, Evaluation, Post, Publicity
from competition.publicity.services import publicity_approve, publicity_draft, publicity_end_due, publicity_return
from notifications.models import Reminder, RuleSetting
from notifications.registry import REGISTRY
from tests.competition.stages import roster_votes
from tests.factories import SecretaryFactory, post_in_state
from tests.notifications.days import at, sent, walk

d = datetime.date


def assert_each_sent_once():
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0
    assert len(mail.outbox) == Reminder.objects.count()


def test_the_registry_knows_the_rules_of_steps_5_to_8():
    assert {"evaluation_open", "publicity_awaiting_approval", "publicity_ending", "decision_missing"} <= set(REGISTRY)
    assert REGISTRY["decision_missing"].lead_days == 3


# --- Democratic evaluation ---


@pytest.fixture
def evaluation_post(campaign, unit):
    """A post at the evaluation step with one candidate gone on from the interview."""
    post = post_in_state(Post.Status.EVALUATION, campaign=campaign, unit=unit)
    post.applications.filter(pk=post.applications.order_by("pk").first().pk).update(
        advanced_to_evaluation=True, interview_rank=1
    )
    return post


def test_an_open_evaluation_reminds_the_office_the_day_before_and_once_more_if_left_open(
    time_machine, scan, office, secretary, evaluation_post
):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    evaluation_open(post_id=evaluation_post.pk, called=30, date=d(2025, 6, 11), by=office)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 20))

    # One day ahead of Wednesday's evaluation; still open on Thursday: once more, then never again.
    assert sent("evaluation_open") == {
        ("office", d(2025, 6, 10), d(2025, 6, 11)),
        ("office", d(2025, 6, 12), d(2025, 6, 12)),
    }
    assert_each_sent_once()


def test_a_closed_evaluation_draws_no_reminder_after_its_day(time_machine, scan, office, evaluation_post):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    evaluation = evaluation_open(post_id=evaluation_post.pk, called=1, date=d(2025, 6, 11), by=office)

    def close_on_the_day(day):
        if day == d(2025, 6, 11):
            Evaluation.objects.filter(pk=evaluation.pk).update(paper_ballots=1)
            evaluation_close(evaluation_id=evaluation.pk, by=office)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 16), close_on_the_day)

    assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.Status.CLOSED
    assert sent("evaluation_open") == {("office", d(2025, 6, 10), d(2025, 6, 11))}


def test_the_evaluation_lead_time_is_the_offices(time_machine, scan, office, evaluation_post):
    RuleSetting.objects.create(rule="evaluation_open", lead_days=3)
    time_machine.move_to(at(d(2025, 6, 2)), tick=False)
    evaluation_open(post_id=evaluation_post.pk, called=30, date=d(2025, 6, 11), by=office)

    walk(time_machine, scan, d(2025, 6, 2), d(2025, 6, 11))

    assert sent("evaluation_open") == {("office", d(2025, 6, 8), d(2025, 6, 11))}


# --- Publicity ---


@pytest.fixture
def publicity_post(campaign, unit):
    return post_in_state(Post.Status.PUBLICITY, campaign=campaign, unit=unit)


def _candidate(post):
    return post.applications.order_by("pk").first()


def test_a_notice_awaiting_approval_reminds_the_units_secretaries_daily_until_approved(
    time_machine, scan, office, secretary, other_secretary, unit, publicity_post
):
    SecretaryFactory(username="deputy", secretary_of=unit)
    time_machine.move_to(at(d(2025, 6, 6), 16), tick=False)  # drafted on Friday afternoon
    publicity = publicity_draft(post=publicity_post, application=_candidate(publicity_post))
    mail.outbox.clear()  # the drafting's own notification

    def approve_on_tuesday(day):
        if day == d(2025, 6, 10):
            publicity_approve(publicity_id=publicity.pk, by=secretary)

    walk(time_machine, scan, d(2025, 6, 6), d(2025, 6, 13), approve_on_tuesday)

    # Every day it waits, the weekend too (the secretary may approve on any day); not once approved.
    days = [d(2025, 6, 6), d(2025, 6, 7), d(2025, 6, 8), d(2025, 6, 9)]
    assert sent("publicity_awaiting_approval") == {(name, day, day) for name in ("secretary", "deputy") for day in days}
    assert not Reminder.objects.filter(rule="publicity_awaiting_approval", recipient__in=[office, other_secretary]).exists()
    urls = set(Reminder.objects.filter(rule="publicity_awaiting_approval").values_list("url", flat=True))
    assert urls == {reverse("competition:post_detail", args=[publicity_post.pk])}
    assert_each_sent_once()


def test_a_returned_notice_stops_the_daily_reminder_until_it_awaits_approval_again(
    time_machine, scan, office, secretary, publicity_post
):
    from competition.publicity.services import publicity_update

    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    publicity = publicity_draft(post=publicity_post, application=_candidate(publicity_post))

    def each_day(day):
        if day == d(2025, 6, 10):
            publicity_return(publicity_id=publicity.pk, reason="联系电话有误", by=secretary)
        if day == d(2025, 6, 12):
            publicity_update(publicity_id=publicity.pk, contact="电话 12345678", note="", by=office)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 13), each_day)

    assert {day for _, day, _ in sent("publicity_awaiting_approval")} == {d(2025, 6, 9), d(2025, 6, 12), d(2025, 6, 13)}


def test_a_publicity_ending_reminds_the_office_one_working_day_ahead_across_a_holiday(
    time_machine, scan, office, secretary, publicity_post
):
    time_machine.move_to(at(d(2025, 9, 24)), tick=False)
    # Published until Thursday 9 October, the first working day after the National Day holiday (1–8 October).
    Publicity.objects.create(
        post=publicity_post,
        application=_candidate(publicity_post),
        status=Publicity.Status.PUBLISHED,
        contact="电话 12345678",
        working_days=5,
        start_date=d(2025, 9, 26),
        end_date=d(2025, 10, 9),
    )

    walk(time_machine, scan, d(2025, 9, 24), d(2025, 10, 12))

    assert sent("publicity_ending") == {("office", d(2025, 9, 30), d(2025, 10, 9))}
    assert_each_sent_once()


def test_a_publicity_ending_with_two_working_days_lead(time_machine, scan, office, publicity_post):
    RuleSetting.objects.create(rule="publicity_ending", lead_days=2)
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    Publicity.objects.create(
        post=publicity_post,
        application=_candidate(publicity_post),
        status=Publicity.Status.PUBLISHED,
        contact="电话 12345678",
        working_days=5,
        start_date=d(2025, 6, 9),
        end_date=d(2025, 6, 16),  # a Monday: two working days ahead of Thursday 12 June
    )

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 17))

    assert sent("publicity_ending") == {("office", d(2025, 6, 12), d(2025, 6, 16))}


# --- Committee decision ---


def _published(post, start, end):
    return Publicity.objects.create(
        post=post,
        application=_candidate(post),
        status=Publicity.Status.PUBLISHED,
        contact="电话 12345678",
        working_days=5,
        start_date=start,
        end_date=end,
    )


MEMBERS = ["agree"] * 3


def test_no_decision_three_days_after_the_publicity_reminds_the_units_secretaries_once(
    time_machine, scan, office, secretary, other_secretary, campaign, unit
):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    undecided = post_in_state(Post.Status.PUBLICITY, campaign=campaign, unit=unit)
    decided = post_in_state(Post.Status.PUBLICITY, campaign=campaign, unit=unit)
    _published(undecided, d(2025, 6, 9), d(2025, 6, 13))
    _published(decided, d(2025, 6, 9), d(2025, 6, 13))

    def each_day(day):
        publicity_end_due(day)  # the periodic task: both posts reach the decision on Saturday 14 June
        if day == d(2025, 6, 15):
            decision_record(
                post_id=decided.pk, meeting_date=day, votes=roster_votes(decided.unit, MEMBERS, day), by=secretary
            )

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 25), each_day)

    assert Post.objects.get(pk=undecided.pk).status == Post.Status.DECISION
    assert Post.objects.get(pk=decided.pk).status == Post.Status.APPOINTED
    assert sent("decision_missing") == {("secretary", d(2025, 6, 16), d(2025, 6, 16))}
    reminder = Reminder.objects.get(rule="decision_missing")
    assert reminder.object_id == undecided.publicities.get().pk
    assert_each_sent_once()


def test_a_failing_decision_counts_as_a_decision(time_machine, scan, office, secretary, campaign, unit):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = post_in_state(Post.Status.PUBLICITY, campaign=campaign, unit=unit)
    _published(post, d(2025, 6, 9), d(2025, 6, 13))
    against = ["disagree"] * 3

    def each_day(day):
        publicity_end_due(day)
        if day == d(2025, 6, 14):
            decision_record(post_id=post.pk, meeting_date=day, votes=roster_votes(post.unit, against, day), by=secretary)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 25), each_day)

    assert Post.objects.get(pk=post.pk).status == Post.Status.DECISION
    assert _candidate(post).outcome == Application.Outcome.DECISION_FAILED
    assert not Reminder.objects.filter(rule="decision_missing").exists()


def test_the_decision_reminder_waits_the_offices_number_of_days(time_machine, scan, secretary, campaign, unit):
    RuleSetting.objects.create(rule="decision_missing", lead_days=7)
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = post_in_state(Post.Status.PUBLICITY, campaign=campaign, unit=unit)
    _published(post, d(2025, 6, 9), d(2025, 6, 13))

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 25), publicity_end_due)

    assert sent("decision_missing") == {("secretary", d(2025, 6, 20), d(2025, 6, 20))}


def test_a_post_not_at_the_decision_step_draws_no_decision_reminder(time_machine, scan, secretary, campaign, unit):
    """An objection still under investigation keeps the publicity open, so no decision is expected yet."""
    from competition.models import Objection

    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    post = post_in_state(Post.Status.PUBLICITY, campaign=campaign, unit=unit)
    publicity = _published(post, d(2025, 6, 9), d(2025, 6, 13))
    Objection.objects.create(publicity=publicity, reference="YY1", contact="x", text="有异议")

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 25), publicity_end_due)

    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLICITY
    assert not Reminder.objects.filter(rule="decision_missing").exists()
