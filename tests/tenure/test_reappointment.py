import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm_log.models import StateLog

from tenure import reappointment as r
from tenure.models import Reappointment, Term
from tenure.services import TenureError
from tests.factories import PostFactory, UnitFactory
from tests.tenure.conftest import TermFactory

PAST = datetime.date(2020, 1, 1)


@pytest.fixture
def started(campaign, term, secretary):
    return r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=secretary)


def _results(reappointment, by, evaluation="competent", performance="excellent"):
    return r.reappointment_record_results(
        reappointment_id=reappointment.pk, evaluation_result=evaluation, performance_result=performance, by=by
    )


def _publicity(reappointment, by, start=PAST, end=PAST + datetime.timedelta(days=7)):
    return r.reappointment_start_publicity(
        reappointment_id=reappointment.pk, publicity_start=start, publicity_end=end, by=by
    )


def test_the_whole_path_ends_in_a_new_term_with_its_certificate(started, secretary, office, campaign, term):
    _results(started, secretary)
    _publicity(started, secretary)
    r.reappointment_submit_for_review(reappointment_id=started.pk, by=secretary)
    r.reappointment_approve(reappointment_id=started.pk, by=office)
    done = r.reappointment_certify(reappointment_id=started.pk, by=secretary, on=datetime.date(2026, 1, 5))
    term.refresh_from_db()
    assert done.status == Reappointment.Status.CERTIFIED
    assert term.ended_on == datetime.date(2026, 1, 5) and term.status == Term.Status.ENDED
    new = done.new_term
    assert (new.origin, new.position_id, new.end) == (Term.Origin.REAPPOINTMENT, term.position_id, campaign.unified_term_end)
    assert new.certificate.number == 1
    assert [log.state for log in StateLog.objects.for_(done).order_by("timestamp")] == [
        "evaluated", "publicity", "review", "approved", "certified"]


@pytest.mark.parametrize(
    "step",
    ["publicity", "submit", "approve", "certify"],
)
def test_no_step_can_be_skipped_from_the_start(started, office, step):
    with pytest.raises(TenureError):
        {
            "publicity": lambda: _publicity(started, office),
            "submit": lambda: r.reappointment_submit_for_review(reappointment_id=started.pk, by=office),
            "approve": lambda: r.reappointment_approve(reappointment_id=started.pk, by=office),
            "certify": lambda: r.reappointment_certify(reappointment_id=started.pk, by=office),
        }[step]()
    started.refresh_from_db()
    assert started.status == Reappointment.Status.STARTED


def test_approval_cannot_come_before_the_publicity(started, secretary, office):
    _results(started, secretary)
    with pytest.raises(TenureError):
        r.reappointment_approve(reappointment_id=started.pk, by=office)
    with pytest.raises(TenureError):
        r.reappointment_certify(reappointment_id=started.pk, by=office)


def test_the_review_waits_for_the_publicity_to_end(started, secretary):
    _results(started, secretary)
    today = datetime.date.today()
    _publicity(started, secretary, start=today, end=today + datetime.timedelta(days=7))
    with pytest.raises(TenureError, match="not ended"):
        r.reappointment_submit_for_review(reappointment_id=started.pk, by=secretary)


def test_an_incompetent_result_does_not_go_to_publicity(started, secretary):
    _results(started, secretary, evaluation="incompetent")
    with pytest.raises(TenureError, match="incompetent"):
        _publicity(started, secretary)


def test_only_the_office_approves(started, secretary):
    _results(started, secretary)
    _publicity(started, secretary)
    r.reappointment_submit_for_review(reappointment_id=started.pk, by=secretary)
    with pytest.raises(PermissionDenied):
        r.reappointment_approve(reappointment_id=started.pk, by=secretary)


def test_another_units_secretary_cannot_take_a_step(started, other_secretary):
    with pytest.raises(PermissionDenied):
        _results(started, other_secretary)


def test_a_competed_position_is_not_reappointed(campaign, term, office):
    PostFactory(campaign=campaign, unit=term.unit, position=term.position)
    with pytest.raises(TenureError, match="competed"):
        r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=office)


def test_a_reappointment_starts_once(started, campaign, term, office):
    with pytest.raises(TenureError):
        r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=office)


def test_the_office_sees_which_units_are_late(campaign, office, unit, other_unit):
    campaign.reappointment_deadline = datetime.date(2026, 1, 10)
    campaign.save()
    done_unit = UnitFactory(name="已完成镇")
    late = r.reappointment_start(campaign_id=campaign.pk, term_id=TermFactory(unit=unit).pk, by=office)
    rejected = r.reappointment_start(campaign_id=campaign.pk, term_id=TermFactory(unit=done_unit).pk, by=office)
    r.reappointment_reject(reappointment_id=rejected.pk, note="不称职", by=office)
    assert list(r.units_late(campaign, datetime.date(2026, 1, 10))) == []
    assert [u.name for u in r.units_late(campaign, datetime.date(2026, 1, 11))] == [unit.name]
    assert late.is_late(datetime.date(2026, 1, 11))


def test_units_late_across_campaigns(campaign, office, unit):
    campaign.reappointment_deadline = datetime.date(2026, 1, 10)
    campaign.save()
    r.reappointment_start(campaign_id=campaign.pk, term_id=TermFactory(unit=unit).pk, by=office)
    assert [(u.name, u.open_count) for u in r.units_late(day=datetime.date(2026, 1, 11))] == [(unit.name, 1)]


def test_late_units_are_reminded_once_a_day(campaign, office, unit, secretary):
    import time_machine

    from notifications.models import Reminder
    from notifications.tasks import scan_reminders

    campaign.reappointment_deadline = datetime.date(2026, 1, 10)
    campaign.save()
    r.reappointment_start(campaign_id=campaign.pk, term_id=TermFactory(unit=unit).pk, by=office)
    for day, expected in [(2, 0), (4, 1), (5, 1), (11, 2), (11, 2), (12, 3)]:
        with time_machine.travel(datetime.datetime(2026, 1, day, 9, tzinfo=datetime.timezone.utc), tick=False):
            scan_reminders()
        sent = Reminder.objects.filter(rule="certificates_not_issued", recipient=secretary)
        assert sent.count() == expected, day
    # Before the deadline one reminder, due on it; after, one a day.
    assert sorted(sent.values_list("due_date", flat=True)) == [
        datetime.date(2026, 1, 10), datetime.date(2026, 1, 11), datetime.date(2026, 1, 12)]
