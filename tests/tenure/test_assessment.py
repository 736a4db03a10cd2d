import datetime

from django.template.loader import render_to_string

from tenure.services import latest_assessment, term_assessment_record
from tests.tenure.conftest import TermFactory


def test_the_latest_term_assessment_is_the_most_recent_one(office, unit, term):
    assert latest_assessment(term.person) is None
    earlier = TermFactory(unit=unit, person=term.person, start=datetime.date(2019, 1, 1), end=datetime.date(2023, 12, 31))
    term_assessment_record(term_id=earlier.pk, rating="basic", assessed_on=datetime.date(2023, 12, 1), by=office)
    term_assessment_record(term_id=term.pk, rating="excellent", assessed_on=datetime.date(2028, 12, 1), by=office)
    assert latest_assessment(term.person).rating == "excellent"


def test_recording_the_assessment_again_corrects_it(office, term):
    term_assessment_record(term_id=term.pk, rating="competent", assessed_on=datetime.date(2028, 12, 1), by=office)
    term_assessment_record(term_id=term.pk, rating="incompetent", assessed_on=datetime.date(2028, 12, 2), by=office)
    assert latest_assessment(term.person).rating == "incompetent"


def test_the_badge_renders_with_and_without_an_assessment(office, term):
    assert "No term assessment" in render_to_string("tenure/_assessment_badge.html", {"assessment": None})
    assessment = term_assessment_record(term_id=term.pk, rating="competent", assessed_on=datetime.date(2028, 12, 1), by=office)
    assert "Competent" in render_to_string("tenure/_assessment_badge.html", {"assessment": assessment})
