"""Probation (issue 17.6): a promotion's year of probation ends with an assessment, not by itself. Confirmed, the
term goes on; not confirmed (with a reason), the term ends and the person returns to a post at his former level,
recorded. Before the end, the unit's secretaries and the office are reminded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from competition.models import LeadershipLevel
from notifications.models import Reminder
from tenure.models import Exit, ProbationAssessment, Term, TerminationReason
from tenure.reminders import probation_ending
from tenure.services import TenureError, probation_assess, terms_advance_statuses
from tests.competition.stages import appoint, at_decision
from tests.tenure.conftest import TermFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def on_probation(unit):
    """A term whose year of probation ends today."""
    today = timezone.localdate()
    return TermFactory(
        unit=unit, status=Term.Status.PROBATION, start=today - 365 * DAY, probation_end=today, end=today + 1500 * DAY
    )


def test_probation_does_not_end_by_itself(on_probation):
    terms_advance_statuses(timezone.localdate() + 30 * DAY)
    on_probation.refresh_from_db()
    assert on_probation.status == Term.Status.PROBATION and on_probation.ended_on is None


def test_a_confirmed_probation_goes_on_serving(on_probation, secretary):
    record = probation_assess(
        term_id=on_probation.pk, result="confirmed", assessed_on=timezone.localdate(), by=secretary
    )
    on_probation.refresh_from_db()
    assert on_probation.status == Term.Status.SERVING and on_probation.ended_on is None
    assert (record.result, record.returned_to_post, record.recorded_by) == ("confirmed", "", secretary)
    with pytest.raises(TenureError, match="not on probation"):
        probation_assess(term_id=on_probation.pk, result="confirmed", assessed_on=timezone.localdate(), by=secretary)


def test_an_appointee_not_confirmed_leaves_the_post_and_returns_to_his_former_level(unit, office, secretary):
    # A deputy section chief appointed to a section-chief post through the competition: a promotion.
    appoint(at_decision(unit, office, secretary), secretary, present_agree=5)
    term = Term.objects.get()
    person = term.person
    application = person.applications.get(post=term.post)
    assert term.status == Term.Status.PROBATION and person.leadership_level == LeadershipLevel.SECTION
    assert application.applicant_leadership_level == LeadershipLevel.DEPUTY_SECTION
    Term.objects.filter(pk=term.pk).update(start=term.start - 365 * DAY, probation_end=timezone.localdate())
    with pytest.raises(TenureError, match="Give the reason"):
        probation_assess(term_id=term.pk, result="not_confirmed", assessed_on=timezone.localdate(), by=secretary)
    with pytest.raises(TenureError, match="Name the post at the former level"):
        probation_assess(
            term_id=term.pk, result="not_confirmed", assessed_on=timezone.localdate(), reason="不胜任", by=secretary
        )
    record = probation_assess(
        term_id=term.pk, result="not_confirmed", assessed_on=timezone.localdate(), reason="试用期考核不称职",
        returned_to_post="罗店镇综治办副主任", by=secretary,
    )  # fmt: skip
    term.refresh_from_db()
    person.refresh_from_db()
    assert (term.status, term.ended_on, term.termination_reason) == (
        Term.Status.TERMINATED, timezone.localdate(), TerminationReason.PROBATION_NOT_CONFIRMED
    )  # fmt: skip
    assert (record.returned_to_level, record.returned_to_post, record.reason) == (
        LeadershipLevel.DEPUTY_SECTION, "罗店镇综治办副主任", "试用期考核不称职"
    )  # fmt: skip
    assert (person.leadership_level, person.current_position, person.rank_since) == (
        LeadershipLevel.DEPUTY_SECTION, "罗店镇综治办副主任", timezone.localdate()
    )  # fmt: skip
    exit_record = Exit.objects.get(term=term)
    assert exit_record.arrangement_details == "罗店镇综治办副主任"


def test_the_assessment_comes_at_the_end_of_probation_not_in_the_future(on_probation, secretary):
    with pytest.raises(TenureError, match="assessed at its end: not before"):
        probation_assess(
            term_id=on_probation.pk, result="confirmed", assessed_on=timezone.localdate() - 60 * DAY, by=secretary
        )
    with pytest.raises(TenureError, match="cannot be in the future"):
        probation_assess(term_id=on_probation.pk, result="confirmed", assessed_on=timezone.localdate() + DAY, by=secretary)
    with pytest.raises(TenureError, match="choose the result"):
        probation_assess(term_id=on_probation.pk, result="maybe", assessed_on=timezone.localdate(), by=secretary)
    assert not ProbationAssessment.objects.exists()


def test_a_term_not_on_probation_and_another_units_secretary_are_refused(term, on_probation, other_secretary, secretary):
    with pytest.raises(TenureError, match="not on probation"):
        probation_assess(term_id=term.pk, result="confirmed", assessed_on=timezone.localdate(), by=secretary)
    with pytest.raises(PermissionDenied):
        probation_assess(term_id=on_probation.pk, result="confirmed", assessed_on=timezone.localdate(), by=other_secretary)


def test_a_plain_termination_cannot_pass_for_a_probation_not_confirmed(on_probation, secretary):
    from tenure.services import term_terminate

    with pytest.raises(TenureError, match="recorded by its assessment"):
        term_terminate(
            term_id=on_probation.pk, reason=TerminationReason.PROBATION_NOT_CONFIRMED, on=timezone.localdate(), by=secretary
        )


def test_the_probations_end_reminds_the_units_secretaries_and_the_office_until_it_is_assessed(
    on_probation, secretary, other_secretary, office
):
    today = timezone.localdate()
    # A month before its end: due on the end day.
    due = list(probation_ending(today - 20 * DAY, 31))
    assert {d.recipient for d in due} == {secretary, office}
    assert {d.due_date for d in due} == {on_probation.probation_end}
    assert list(probation_ending(today - 40 * DAY, 31)) == []  # not yet within the lead time
    # Overdue: due every day until assessed.
    assert {d.due_date for d in probation_ending(today + 3 * DAY, 31)} == {today + 3 * DAY}
    probation_assess(term_id=on_probation.pk, result="confirmed", assessed_on=today, by=secretary)
    assert list(probation_ending(today + 3 * DAY, 31)) == []


def test_the_scan_sends_the_probation_reminder_once(on_probation, secretary, office, django_capture_on_commit_callbacks):
    from notifications.tasks import reminders_scan

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_scan()
    sent = Reminder.objects.filter(rule="probation_ending")
    assert sorted(r.recipient_id for r in sent) == sorted([secretary.pk, office.pk])


def test_the_term_page_records_the_assessment(client, on_probation, secretary):
    client.force_login(secretary)
    page = client.get(reverse("tenure:term_detail", args=[on_probation.pk])).content.decode()
    assert 'data-testid="probation"' in page
    url = reverse("tenure:term_action", args=[on_probation.pk, "probation"])
    response = client.post(url, {"result": "not_confirmed", "assessed_on": timezone.localdate().isoformat()}, follow=True)
    assert "Give the reason why the appointment is not confirmed." in response.content.decode()
    client.post(url, {"result": "confirmed", "assessed_on": timezone.localdate().isoformat()})
    on_probation.refresh_from_db()
    assert on_probation.status == Term.Status.SERVING
