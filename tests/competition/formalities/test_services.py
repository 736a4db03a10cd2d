"""Appointment formalities (issue 17.5): after a passing decision, the pre-appointment talk and the appointment
document are recorded, and only then does the term start, on the document's effective date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from competition.formalities import services as formalities
from competition.formalities.services import FormalitiesError
from competition.models import Decision, Formalities
from tenure.models import Term
from tests.competition.stages import at_decision, complete_formalities, decide

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def passed(unit, office, secretary):
    """A decision passed ten days ago."""
    post = at_decision(unit, office, secretary)
    decision = decide(post, secretary, present_agree=5)
    decision.meeting_date = timezone.localdate() - 10 * DAY
    decision.save(update_fields=["meeting_date"])
    return decision


def talk(decision, by, **kwargs):
    values = {"talked_by": "区委组织部 张部长", "talk_on": decision.meeting_date + DAY, "talk_points": "严格要求自己。"}
    return formalities.formalities_talk_record(decision_id=decision.pk, by=by, **{**values, **kwargs})


def document(decision, by, **kwargs):
    values = {"document_date": decision.meeting_date + 2 * DAY,
              "effective_on": decision.meeting_date + 2 * DAY}  # fmt: skip
    return formalities.formalities_complete(decision_id=decision.pk, by=by, **{**values, **kwargs})


def test_no_term_before_the_formalities_are_complete(passed, secretary):
    assert not Term.objects.filter(post=passed.post).exists()
    talk(passed, secretary)
    assert not Term.objects.filter(post=passed.post).exists()  # the talk alone starts nothing


def test_the_term_starts_on_the_documents_effective_date(passed, secretary):
    talk(passed, secretary)
    effective = passed.meeting_date + 3 * DAY
    record = document(passed, secretary, document_date=passed.meeting_date + 2 * DAY, effective_on=effective)
    year = (passed.meeting_date + 2 * DAY).year
    assert record.complete and record.document_no == f"{passed.post.unit.name}〔{year}〕1号"  # no short code yet
    term = Term.objects.get(post=passed.post)
    assert term.person == passed.application.person and term.start == effective
    # A promotion: a year's probation from the effective date.
    assert term.probation_end == effective.replace(year=effective.year + 1)
    assert term.end == passed.post.campaign.unified_term_end
    record.refresh_from_db()
    assert (record.talk_on, record.talked_by, record.effective_on) == (passed.meeting_date + DAY, "区委组织部 张部长", effective)


def test_the_document_waits_for_the_talk(passed, secretary):
    with pytest.raises(FormalitiesError, match="Record the pre-appointment talk first"):
        document(passed, secretary)
    assert not Term.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"talked_by": " "}, "Say who held the pre-appointment talk"),
        ({"talk_points": ""}, "Record the points made"),
        ({"talk_on": "before"}, "comes after the committee's decision"),
        ({"talk_on": "tomorrow"}, "cannot be in the future"),
    ],
)
def test_a_talk_is_refused_with_the_reason(passed, secretary, kwargs, message):
    if kwargs.get("talk_on") == "before":
        kwargs = {"talk_on": passed.meeting_date - DAY}
    elif kwargs.get("talk_on") == "tomorrow":
        kwargs = {"talk_on": timezone.localdate() + DAY}
    with pytest.raises(FormalitiesError, match=message):
        talk(passed, secretary, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"document_seq": 0}, "starts at 1"),
        ({"document_date": -5}, "comes before the appointment document"),
        ({"document_date": 20}, "cannot be dated in the future"),
        ({"effective_on": -5}, "cannot take effect before the committee's decision"),
        ({"effective_on": 20}, "the term cannot start in the future"),
    ],
)
def test_a_document_is_refused_with_the_reason(passed, secretary, kwargs, message):
    talk(passed, secretary)
    kwargs = {k: passed.meeting_date + v * DAY if k != "document_seq" else v for k, v in kwargs.items()}
    with pytest.raises(FormalitiesError, match=message):
        document(passed, secretary, **kwargs)
    assert not Term.objects.exists()


def test_complete_formalities_are_not_recorded_again_and_a_document_number_is_used_once(unit, office, secretary, passed):
    talk(passed, secretary)
    document(passed, secretary)
    with pytest.raises(FormalitiesError, match="formalities are complete"):
        talk(passed, secretary)
    with pytest.raises(FormalitiesError, match="formalities are complete"):
        document(passed, secretary, document_seq=13)
    other = decide(at_decision(unit, office, secretary), secretary, present_agree=5)
    Decision.objects.filter(pk=other.pk).update(meeting_date=passed.meeting_date)  # the same days as the first
    other.refresh_from_db()
    talk(other, secretary)
    year = (passed.meeting_date + 2 * DAY).year
    with pytest.raises(FormalitiesError, match=f"has already issued number 1 of {year}"):
        document(other, secretary, document_seq=1)
    assert not Term.objects.filter(post=other.post).exists()


def test_a_failed_decision_has_no_formalities(unit, office, secretary):
    decision = decide(at_decision(unit, office, secretary), secretary, present_disagree=5)
    with pytest.raises(FormalitiesError, match="Only an appointment the committee passed"):
        talk(decision, secretary, talk_on=decision.meeting_date)
    assert not Formalities.objects.exists()


def test_only_the_posts_unit_secretary_and_the_office_record_them(passed, office, other_secretary, candidate):
    for user in (other_secretary, candidate):
        with pytest.raises(PermissionDenied):
            talk(passed, user)
    talk(passed, office)
    complete = document(passed, office)
    assert complete.completed_by == office


def test_an_appointment_whose_term_already_started_is_refused(passed, secretary):
    # A decision recorded before the formalities existed started its term at once: nothing more to record.
    from tenure.services import term_start_on_appointment

    term_start_on_appointment(application=passed.application, starts_on=passed.meeting_date)
    with pytest.raises(FormalitiesError, match="already started"):
        talk(passed, secretary)


def test_the_helper_the_other_tests_use_starts_the_term_on_the_meeting_day(unit, office, secretary):
    decision = decide(at_decision(unit, office, secretary), secretary, present_agree=5)
    complete_formalities(decision, secretary)
    assert Term.objects.get(post=decision.post).start == decision.meeting_date
