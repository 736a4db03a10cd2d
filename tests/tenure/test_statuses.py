import datetime

from tenure import reappointment as r
from tenure.models import Term
from tenure.services import terms_advance_statuses
from tests.tenure.conftest import TermFactory


def test_probation_waits_for_its_assessment_and_expired_terms_end_once(unit):
    # A probation no longer ends by itself (issue 17.6): it waits for its assessment (tests/tenure/test_probation.py).
    on_probation = TermFactory(unit=unit, status=Term.Status.PROBATION, probation_end=datetime.date(2025, 1, 10))
    still = TermFactory(unit=unit, status=Term.Status.PROBATION, probation_end=datetime.date(2025, 1, 11))
    expiring = TermFactory(unit=unit, end=datetime.date(2025, 1, 9))
    assert terms_advance_statuses(datetime.date(2025, 1, 10)) == 1
    assert terms_advance_statuses(datetime.date(2025, 1, 10)) == 0
    for term in (on_probation, still, expiring):
        term.refresh_from_db()
    assert (on_probation.status, still.status) == (Term.Status.PROBATION, Term.Status.PROBATION)
    assert (expiring.status, expiring.ended_on) == (Term.Status.ENDED, datetime.date(2025, 1, 9))


def test_a_term_that_ran_its_course_can_still_be_reappointed(unit, campaign, office):
    term = TermFactory(unit=unit, end=datetime.date(2025, 12, 31))
    terms_advance_statuses(datetime.date(2026, 1, 2))
    assert r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=office).previous_term == term
