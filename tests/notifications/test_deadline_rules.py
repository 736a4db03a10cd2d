"""The deadlines issue 17 added reminders for: the units' release deadline, the announcement, the annual review, the
term-end assessment and the exit record (probation's end: tests/tenure/test_probation.py).

Each test walks the days with time-machine, scanning twice a day, and checks who is reminded on which day; a
reminder whose reason went away before its day is not created, and one whose reason goes away while it waits to be
sent is not sent. The last test counts the scan's queries: the same for twice as many deadlines.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competition import workflow
from competition.models import Campaign, Inspection, Post
from notifications import delivery
from notifications.models import Reminder, RuleSetting
from notifications.registry import REGISTRY
from notifications.tasks import reminders_scan
from tenure import services as tenure
from tenure.models import Exit, Term
from tests.factories import (
    CampaignFactory,
    OfficeUserFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    RoundFactory,
    SecretaryFactory,
    UnitFactory,
    post_in_state,
)
from tests.notifications.days import at, sent, walk

d = datetime.date


def test_the_registry_knows_the_new_deadlines_with_their_lead_times():
    leads = {name: REGISTRY[name].lead_days for name in REGISTRY}
    assert leads["release_deadline"] == 5
    assert leads["announcement_due"] == 3
    assert leads["annual_review_due"] == 30
    assert leads["term_assessment_due"] == 60
    assert leads["exit_record_due"] == 7
    assert leads["probation_ending"] == 31


# --- The units' release deadline ---


@pytest.fixture
def release_campaign(db, time_machine):
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    return CampaignFactory(start_date=d(2025, 6, 1), release_deadline=d(2025, 6, 20))


def test_the_secretaries_of_units_that_have_not_released_are_reminded_five_working_days_ahead(
    time_machine, scan, release_campaign, unit, secretary, other_secretary
):
    PostFactory(campaign=release_campaign, unit=unit)  # drafted, not released
    released_unit = UnitFactory(name="区教育局", kind="bureau")
    SecretaryFactory(username="released", secretary_of=released_unit)
    post_in_state(Post.Status.RELEASED, campaign=release_campaign, unit=released_unit)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 24))

    # Friday 20 June: five working days ahead is Friday 13 June. The other unit has released nothing at all.
    assert sent("release_deadline") == {
        ("secretary", d(2025, 6, 13), d(2025, 6, 20)),
        ("other_secretary", d(2025, 6, 13), d(2025, 6, 20)),
    }
    assert len([m for m in mail.outbox if "2025" in m.subject or "6月20日" in m.subject]) >= 2


def test_a_unit_that_releases_before_the_reminder_is_not_reminded(time_machine, scan, release_campaign, unit, secretary):
    post = PostFactory(campaign=release_campaign, unit=unit)

    def release_on_thursday(day):
        if day == d(2025, 6, 12):
            workflow.post_submit(post_id=post.pk, by=secretary)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 20), release_on_thursday)

    assert Post.objects.get(pk=post.pk).status == Post.Status.RELEASED
    assert sent("release_deadline") == set()


def test_a_release_reminder_whose_unit_released_before_it_went_out_is_not_sent(release_campaign, unit, secretary, time_machine):
    post = PostFactory(campaign=release_campaign, unit=unit)
    time_machine.move_to(at(d(2025, 6, 13)), tick=False)
    reminders_scan()  # the row is written, its sending queued (not run here)
    [row] = Reminder.objects.filter(rule="release_deadline", recipient=secretary)
    workflow.post_submit(post_id=post.pk, by=secretary)

    assert delivery.reminder_deliver(row.pk) == "obsolete"
    row.refresh_from_db()
    assert row.status == Reminder.Status.OBSOLETE and row.sent_at is None
    assert mail.outbox == []


def test_a_closed_campaign_or_one_without_a_deadline_reminds_nobody(time_machine, scan, unit, secretary):
    time_machine.move_to(at(d(2025, 6, 13)), tick=False)
    PostFactory(campaign=CampaignFactory(release_deadline=None), unit=unit)
    closed = CampaignFactory(start_date=d(2025, 6, 1), release_deadline=d(2025, 6, 20), closed_on=d(2025, 6, 12))
    PostFactory(campaign=closed, unit=unit)
    scan()
    assert not Reminder.objects.filter(rule="release_deadline").exists()


def test_the_office_sets_the_release_deadline_with_the_campaign_and_not_before_its_start(client, office):
    from tests.competition.test_forms import CAMPAIGN

    client.force_login(office)
    response = client.post(
        reverse("competition:campaign_create"),
        {**CAMPAIGN, "name": "早于开始", "start_date": "2025-06-01", "release_deadline": "2025-05-20"},
    )
    assert response.status_code == 200
    assert "cannot come before the campaign starts" in response.content.decode()
    assert not Campaign.objects.filter(name="早于开始").exists()
    client.post(
        reverse("competition:campaign_create"),
        {**CAMPAIGN, "name": "有截止日", "start_date": "2025-06-01", "release_deadline": "2025-06-20"},
    )
    campaign = Campaign.objects.get(name="有截止日")
    assert campaign.release_deadline == d(2025, 6, 20)
    page = client.get(reverse("competition:campaign_detail", args=[campaign.pk])).content.decode()
    assert "2025-06-20" in page


# --- The announcement ---


@pytest.fixture
def accepted_in_round(time_machine, campaign, unit):
    """A post accepted and placed in a round whose registration opens on Monday 16 June at 9:00."""
    time_machine.move_to(at(d(2025, 6, 9)), tick=False)
    round_ = RoundFactory(campaign=campaign, registration_opens=at(d(2025, 6, 16)), registration_closes=at(d(2025, 6, 27), 17))
    post = post_in_state(Post.Status.ACCEPTED, campaign=campaign, unit=unit)
    Post.objects.filter(pk=post.pk).update(round=round_)
    return post


def test_the_office_is_reminded_three_working_days_before_registration_opens_on_unannounced_posts(
    time_machine, scan, office, secretary, accepted_in_round
):
    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 17))
    assert sent("announcement_due") == {("office", d(2025, 6, 11), d(2025, 6, 16))}
    [reminder] = Reminder.objects.filter(rule="announcement_due")
    assert "1" in reminder.subject


def test_posts_announced_in_time_draw_no_announcement_reminder(time_machine, scan, office, accepted_in_round):
    def announce_on_tuesday(day):
        if day == d(2025, 6, 10):
            workflow.post_announce(post_id=accepted_in_round.pk, by=office)

    walk(time_machine, scan, d(2025, 6, 9), d(2025, 6, 17), announce_on_tuesday)
    assert sent("announcement_due") == set()


def test_an_announcement_reminder_is_not_sent_once_the_posts_are_announced(time_machine, office, accepted_in_round):
    time_machine.move_to(at(d(2025, 6, 11)), tick=False)
    reminders_scan()
    [row] = Reminder.objects.filter(rule="announcement_due")
    workflow.post_announce(post_id=accepted_in_round.pk, by=office)
    assert delivery.reminder_deliver(row.pk) == "obsolete"
    assert mail.outbox == []


# --- Tenure: annual review, term-end assessment, exit record ---


def a_term(unit, start, end, **fields):
    return Term.objects.create(
        person=PersonFactory(), position=PositionFactory(unit=unit), unit=unit, origin="import", start=start, end=end, **fields
    )


def test_a_years_review_is_due_by_31_december_and_reminded_thirty_days_ahead(time_machine, scan, unit, secretary):
    time_machine.move_to(at(d(2025, 11, 25)), tick=False)
    unreviewed = a_term(unit, d(2024, 1, 1), d(2028, 12, 31))
    reviewed = a_term(unit, d(2024, 1, 1), d(2028, 12, 31))
    tenure.annual_review_record(term_id=reviewed.pk, year=2025, rating="excellent", by=secretary)
    a_term(unit, d(2026, 1, 1), d(2030, 12, 31))  # starts next year: nothing to review this year

    walk(time_machine, scan, d(2025, 11, 25), d(2026, 1, 5))

    assert sent("annual_review_due") == {("secretary", d(2025, 12, 1), d(2025, 12, 31))}
    [row] = Reminder.objects.filter(rule="annual_review_due")
    assert row.object_id == unreviewed.pk and "2025" in row.subject


def test_an_annual_review_recorded_before_the_reminder_goes_out_stops_it(time_machine, unit, secretary):
    time_machine.move_to(at(d(2025, 12, 1)), tick=False)
    term = a_term(unit, d(2024, 1, 1), d(2028, 12, 31))
    reminders_scan()
    [row] = Reminder.objects.filter(rule="annual_review_due")
    tenure.annual_review_record(term_id=term.pk, year=2025, rating="competent", by=secretary)
    assert delivery.reminder_deliver(row.pk) == "obsolete"
    assert mail.outbox == []


def test_the_term_end_assessment_is_reminded_sixty_days_ahead_and_once_when_overdue(time_machine, scan, unit, secretary):
    time_machine.move_to(at(d(2025, 10, 25)), tick=False)
    unassessed = a_term(unit, d(2021, 1, 1), d(2025, 12, 31))
    assessed = a_term(unit, d(2021, 1, 1), d(2025, 12, 31))
    tenure.term_assessment_record(term_id=assessed.pk, rating="competent", assessed_on=d(2025, 10, 20), by=secretary)

    def expire(day):
        tenure.terms_advance_statuses()

    walk(time_machine, scan, d(2025, 10, 25), d(2026, 1, 10), expire)

    assert Term.objects.get(pk=unassessed.pk).status == Term.Status.ENDED
    assert sent("term_assessment_due") == {
        ("secretary", d(2025, 11, 1), d(2025, 12, 31)),
        ("secretary", d(2026, 1, 1), d(2026, 1, 1)),
    }
    assert set(Reminder.objects.filter(rule="term_assessment_due").values_list("object_id", flat=True)) == {unassessed.pk}


def test_the_exit_record_is_due_thirty_days_after_the_term_ends(time_machine, scan, unit, secretary, settings):
    settings.TENURE_EXIT_RECORD_DAYS = 30
    time_machine.move_to(at(d(2025, 3, 1)), tick=False)
    left = a_term(unit, d(2022, 1, 1), d(2026, 12, 31))
    done = a_term(unit, d(2022, 1, 1), d(2026, 12, 31))
    for term in (left, done):
        tenure.term_terminate(term_id=term.pk, reason="illness", on=d(2025, 3, 10), by=secretary)
    tenure.exit_update(
        term_id=done.pk, by=secretary, talk_on=d(2025, 3, 11), handover_on=d(2025, 3, 12), filed_on=d(2025, 3, 13),
        arrangement=Exit.Arrangement.RETIREMENT,
    )  # fmt: skip

    walk(time_machine, scan, d(2025, 3, 1), d(2025, 4, 20))

    # Ended 10 March: due 9 April, reminded 7 days ahead, and once more the day after it passed.
    assert sent("exit_record_due") == {
        ("secretary", d(2025, 4, 2), d(2025, 4, 9)),
        ("secretary", d(2025, 4, 10), d(2025, 4, 10)),
    }
    assert set(Reminder.objects.filter(rule="exit_record_due").values_list("object_id", flat=True)) == {left.pk}


def test_a_term_renewed_in_the_same_position_needs_no_exit_record(time_machine, scan, unit, secretary):
    time_machine.move_to(at(d(2025, 4, 2)), tick=False)
    old = a_term(unit, d(2020, 3, 10), d(2025, 3, 10), status=Term.Status.ENDED, ended_on=d(2025, 3, 10))
    Term.objects.create(person=old.person, position=old.position, unit=unit, origin="reappointment",
                        start=d(2025, 3, 11), end=d(2030, 3, 10))  # fmt: skip
    scan()
    assert not Reminder.objects.filter(rule="exit_record_due").exists()


def test_an_exit_completed_before_the_reminder_goes_out_stops_it(time_machine, unit, secretary):
    time_machine.move_to(at(d(2025, 3, 1)), tick=False)
    term = a_term(unit, d(2022, 1, 1), d(2026, 12, 31))
    tenure.term_terminate(term_id=term.pk, reason="illness", on=d(2025, 3, 10), by=secretary)
    time_machine.move_to(at(d(2025, 4, 2)), tick=False)
    reminders_scan()
    [row] = Reminder.objects.filter(rule="exit_record_due")
    tenure.exit_update(
        term_id=term.pk, by=secretary, talk_on=d(2025, 3, 11), handover_on=d(2025, 3, 12), filed_on=d(2025, 3, 13),
        arrangement=Exit.Arrangement.RETIREMENT,
    )  # fmt: skip
    assert delivery.reminder_deliver(row.pk) == "obsolete"


def test_the_offices_lead_time_moves_the_annual_review_reminder(time_machine, scan, unit, secretary):
    RuleSetting.objects.create(rule="annual_review_due", lead_days=10)
    time_machine.move_to(at(d(2025, 12, 1)), tick=False)
    a_term(unit, d(2024, 1, 1), d(2028, 12, 31))
    walk(time_machine, scan, d(2025, 12, 1), d(2025, 12, 31))
    assert sent("annual_review_due") == {("secretary", d(2025, 12, 21), d(2025, 12, 31))}


# --- Both languages, and a flat number of queries ---


def test_an_english_and_a_chinese_secretary_each_read_the_release_reminder_in_his_language(
    time_machine, scan, settings, release_campaign, unit, client
):
    settings.LANGUAGE_CODE = "zh-hans"
    english = SecretaryFactory(username="english", secretary_of=unit, language="en", email="en@example.gov.cn")
    chinese = SecretaryFactory(username="chinese", secretary_of=unit, language="", email="zh@example.gov.cn")
    PostFactory(campaign=release_campaign, unit=unit)
    time_machine.move_to(at(d(2025, 6, 13)), tick=False)
    scan()

    [to_english] = [m for m in mail.outbox if m.to == [english.email]]
    [to_chinese] = [m for m in mail.outbox if m.to == [chinese.email]]
    assert to_english.subject == f"Release your unit's posts for {release_campaign.name} by June 20, 2025"
    assert "1 post(s) of your unit are drafted or returned but not released" in to_english.body
    assert to_chinese.subject == f"请于2025年6月20日前推出本单位参加{release_campaign.name}的职位"
    assert "本单位有1个职位已起草或被退回但尚未推出" in to_chinese.body
    for user, present, absent in ((english, "drafted or returned", "尚未推出"), (chinese, "尚未推出", "drafted or returned")):
        client.force_login(user)
        page = client.get(reverse("notifications:inbox")).content.decode()
        assert present in page and absent not in page


def deadlines(n, campaign, round_, unit_kind="town"):
    """``n`` due deadlines of each new kind on Monday 1 December 2025, each in its own unit with one secretary."""
    for _ in range(n):
        unit = UnitFactory(kind=unit_kind)
        SecretaryFactory(secretary_of=unit)
        PostFactory(campaign=campaign, unit=unit)  # release deadline (Friday 5 December)
        post = post_in_state(Post.Status.ACCEPTED, campaign=campaign, unit=unit)
        Post.objects.filter(pk=post.pk).update(round=round_)  # announcement (registration opens 3 December)
        a_term(unit, d(2021, 1, 15), d(2026, 1, 15))  # annual review and term-end assessment
        a_term(unit, d(2025, 1, 1), d(2029, 12, 31), status=Term.Status.PROBATION, probation_end=d(2025, 12, 20))
        a_term(unit, d(2021, 1, 1), d(2026, 1, 1), status=Term.Status.TERMINATED, ended_on=d(2025, 11, 1))  # exit
        inspected = post_in_state(Post.Status.INSPECTION, campaign=campaign, unit=unit)  # inspection period
        Inspection.objects.create(
            post=inspected, application=inspected.applications.order_by("pk").first(), start_date=d(2025, 11, 25),
            end_date=d(2025, 12, 2),
        )  # fmt: skip


def test_the_scan_costs_the_same_queries_for_twice_as_many_deadlines(time_machine, office, settings):
    settings.TENURE_EXIT_RECORD_DAYS = 30
    time_machine.move_to(at(d(2025, 12, 1)), tick=False)
    OfficeUserFactory()
    campaign = CampaignFactory(start_date=d(2025, 11, 1), release_deadline=d(2025, 12, 5))
    round_ = RoundFactory(campaign=campaign, registration_opens=at(d(2025, 12, 3)), registration_closes=at(d(2025, 12, 12)))

    def scan_queries():
        Reminder.objects.all().delete()
        ContentType.objects.clear_cache()  # both scans start cold: a model's content type is read once a process
        with CaptureQueriesContext(connection) as queries:
            reminders_scan()
        return len(queries), Reminder.objects.count()

    deadlines(2, campaign, round_)
    few, rows_few = scan_queries()
    deadlines(4, campaign, round_)
    many, rows_many = scan_queries()
    assert rows_many > rows_few > 0
    rules = {"inspection_ending", "release_deadline", "announcement_due", "annual_review_due", "term_assessment_due", "exit_record_due", "probation_ending"}
    assert rules <= set(Reminder.objects.values_list("rule", flat=True))
    assert many == few


def test_the_office_chooses_any_rule_by_its_label_for_its_lead_time(db):
    from notifications.admin import RuleSettingForm

    form = RuleSettingForm()
    labels = dict(form.fields["rule"].choices)
    for name in ("release_deadline", "announcement_due", "annual_review_due", "term_assessment_due", "exit_record_due",
                 "inspection_ending",
                 "probation_ending", "written_ticket_to_print", "written_exam_tomorrow"):  # fmt: skip
        assert name in labels and f"({name}, {REGISTRY[name].lead_days})" in labels[name]
    assert not RuleSettingForm({"rule": "no_such_rule", "lead_days": 3, "enabled": True}).is_valid()
    form = RuleSettingForm({"rule": "exit_record_due", "lead_days": 14, "enabled": True})
    assert form.is_valid()
    form.save()
    assert REGISTRY["exit_record_due"].settings() == (14, True)
