"""Each built-in rule: who it names, for which object and due date."""

import datetime
import logging

import pytest
from django.utils import timezone

from competition.interviews.reminders import interview_tomorrow
from competition.models import Examiner, InterviewSession, InterviewSlot
from notifications import registry
from notifications.channels import SmsChannel
from notifications.registry import REGISTRY, Due, reminder_rule
from tenure.models import Term
from tenure.reminders import max_age_date, max_age_in_term, term_ending_1_month
from tests.factories import ApplicationFactory, CandidateUserFactory, PositionFactory, UserFactory


def test_the_registry_knows_the_built_in_rules():
    assert {
        "registration_closing",
        "registration_few_applicants",
        "reviews_pending",
        "interview_tomorrow",
        "term_ending_6_months",
        "term_ending_1_month",
        "max_age_in_term",
        "probation_ending",
    } <= set(REGISTRY)


def test_lead_time_comes_from_the_office_then_settings_then_the_default(settings, db):
    from notifications.models import RuleSetting

    rule = REGISTRY["interview_tomorrow"]
    assert rule.settings() == (1, True)
    settings.REMINDER_LEAD_DAYS = {"interview_tomorrow": 2}
    assert rule.settings() == (2, True)
    RuleSetting.objects.create(rule="interview_tomorrow", lead_days=3, enabled=False)
    assert rule.settings() == (3, False)


@pytest.fixture
def session_tomorrow(campaign, open_round, candidate):
    session = InterviewSession.objects.create(
        campaign=campaign, name="第二场", date=timezone.localdate() + datetime.timedelta(days=1), venue="党校"
    )
    InterviewSlot.objects.create(session=session, application=ApplicationFactory(post__round=open_round, person=candidate.person), order=1)
    return session


def test_an_interview_tomorrow_reminds_its_candidates_not_the_day_before(session_tomorrow, candidate):
    today = timezone.localdate()

    due = list(interview_tomorrow(today, 1))
    assert [(d.recipient, d.obj, d.due_date) for d in due] == [(candidate, session_tomorrow, session_tomorrow.date)]
    assert "党校" in str(due[0].body)
    assert list(interview_tomorrow(today - datetime.timedelta(days=1), 1)) == []


def test_an_interview_reminds_its_examiners_once_the_session_has_them(session_tomorrow, candidate):
    examiner_user = UserFactory()
    without_account = Examiner.objects.create(name="钱考官")
    session_tomorrow.examiners.add(Examiner.objects.create(name="孙考官", user=examiner_user), without_account)

    recipients = [d.recipient for d in interview_tomorrow(timezone.localdate(), 1)]

    assert recipients == [candidate, examiner_user]


@pytest.fixture
def term(unit, secretary):
    holder = CandidateUserFactory()
    today = timezone.localdate()
    return Term.objects.create(
        person=holder.person,
        position=PositionFactory(unit=unit),
        unit=unit,
        origin=Term.Origin.IMPORT,
        start=today - datetime.timedelta(days=1500),
        end=today + datetime.timedelta(days=20),
    )


def test_a_term_ending_reminds_the_holder_and_the_units_secretaries(term, secretary, other_secretary):
    due = list(term_ending_1_month(timezone.localdate(), 31))
    assert {d.recipient for d in due} == {term.person.user, secretary}
    assert {d.due_date for d in due} == {term.end}


def test_an_ended_term_draws_no_reminder(term):
    Term.objects.filter(pk=term.pk).update(status=Term.Status.ENDED, ended_on=timezone.localdate())
    assert list(term_ending_1_month(timezone.localdate(), 31)) == []


def test_the_maximum_age_is_a_setting(settings, term, secretary, office):
    today = timezone.localdate()
    person = term.person
    person.birth_date = max_age_date(today + datetime.timedelta(days=10), -58)
    person.save()

    assert list(max_age_in_term(today, 90)) == []
    settings.TENURE_MAX_AGE = 58
    due = list(max_age_in_term(today, 90))
    assert {d.recipient for d in due} == {secretary, office}
    assert {d.due_date for d in due} == {today + datetime.timedelta(days=10)}


def test_a_person_reaching_the_age_after_the_term_draws_no_reminder(settings, term):
    settings.TENURE_MAX_AGE = 58
    term.person.birth_date = max_age_date(term.end + datetime.timedelta(days=1), -58)
    term.person.save()
    assert list(max_age_in_term(timezone.localdate(), 90)) == []


def test_a_29_february_birthday_turns_over_on_1_march():
    assert max_age_date(datetime.date(1964, 2, 29), 61) == datetime.date(2025, 3, 1)


def test_a_broken_rule_does_not_stop_the_others(scan, pending_application, caplog):
    from notifications.models import Reminder

    @reminder_rule("broken_for_test", label="broken", lead_days=1)
    def broken(today, lead_days):
        raise RuntimeError("boom")

    try:
        with caplog.at_level(logging.ERROR):
            scan()
    finally:
        del REGISTRY["broken_for_test"]
    assert Reminder.objects.filter(rule="registration_closing").exists()
    assert "broken_for_test" in caplog.text


def test_a_new_rule_is_a_few_lines(scan, unit, secretary):
    """The shape another step's rule takes (here: a daily reminder about a unit)."""
    from notifications.models import Reminder

    @reminder_rule("daily_for_test", label="daily", lead_days=0)
    def daily(today, lead_days):
        for user in registry.unit_secretaries(unit):
            yield Due(unit, user, today, "Approve the publicity notice")

    try:
        scan()
        scan()
    finally:
        del REGISTRY["daily_for_test"]
    assert Reminder.objects.filter(rule="daily_for_test", recipient=secretary).count() == 1


def test_the_sms_channel_logs_by_default(caplog, candidate):
    candidate.phone = "13800000000"
    with caplog.at_level(logging.INFO, logger="notifications.channels"):
        assert SmsChannel().send(user=candidate, subject="Interview tomorrow", body="")
    assert "SMS to 13800000000: Interview tomorrow" in caplog.text


def test_the_sms_channel_uses_the_persons_phone_and_skips_a_user_without_one(candidate, outsider):
    sent = []

    class Gateway:
        def send_sms(self, phone, text):
            sent.append(phone)

    candidate.person.phone = "13900000000"
    channel = SmsChannel(backend=Gateway())
    assert channel.send(user=candidate, subject="x", body="")
    assert not channel.send(user=outsider, subject="x", body="")
    assert sent == ["13900000000"]


def test_settings_choose_the_channels(settings):
    from notifications.channels import configured_channels

    settings.NOTIFICATION_CHANNELS = ["email"]
    assert [c.name for c in configured_channels()] == ["email"]


def test_an_office_rule_setting_must_name_a_known_rule(db):
    from django.core.exceptions import ValidationError

    from notifications.models import RuleSetting

    with pytest.raises(ValidationError, match="Unknown rule"):
        RuleSetting(rule="no_such_rule", lead_days=3).full_clean()
    RuleSetting(rule="interview_tomorrow", lead_days=3).full_clean()
