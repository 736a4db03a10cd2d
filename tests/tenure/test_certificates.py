import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from competition.models.units import Level
from tenure.models import Certificate, Term
from tenure.services import TenureError, certificate_issue
from tests.factories import PositionFactory, UnitFactory
from tests.tenure.conftest import TermFactory

ISSUED = datetime.date(2024, 2, 1)


def test_certificates_are_numbered_per_unit_and_year(office, unit, other_unit):
    first = certificate_issue(term_id=TermFactory(unit=unit).pk, by=office, issued_on=ISSUED)
    second = certificate_issue(term_id=TermFactory(unit=unit).pk, by=office, issued_on=ISSUED)
    elsewhere = certificate_issue(term_id=TermFactory(unit=other_unit).pk, by=office, issued_on=ISSUED)
    next_year = certificate_issue(
        term_id=TermFactory(unit=unit).pk, by=office, issued_on=datetime.date(2025, 1, 5)
    )
    assert (first.number, second.number, elsewhere.number, next_year.number) == (1, 2, 1, 1)
    assert first.code == "罗店镇聘〔2024〕1号"
    assert first.issued_on == ISSUED


def test_it_refuses_a_certificate_beyond_the_units_quota(office):
    unit = UnitFactory(name="小镇", leadership_quota=1)
    certificate_issue(term_id=TermFactory(unit=unit).pk, by=office)
    with pytest.raises(TenureError, match="quota"):
        certificate_issue(term_id=TermFactory(unit=unit).pk, by=office)
    assert Certificate.objects.filter(unit=unit).count() == 1


def test_an_ended_term_frees_its_place_in_the_quota(office):
    unit = UnitFactory(name="小镇", leadership_quota=1)
    earlier = TermFactory(unit=unit)
    certificate_issue(term_id=earlier.pk, by=office)
    Term.objects.filter(pk=earlier.pk).update(status=Term.Status.ENDED, ended_on=datetime.date(2025, 1, 1))
    assert certificate_issue(term_id=TermFactory(unit=unit).pk, by=office).number == 2


def test_non_section_chief_terms_do_not_count_against_the_quota(office):
    unit = UnitFactory(name="小镇", leadership_quota=1)
    certificate_issue(term_id=TermFactory(unit=unit).pk, by=office)
    deputy = TermFactory(unit=unit, position=PositionFactory(unit=unit, title="副主任", level=Level.DEPUTY_SECTION))
    assert certificate_issue(term_id=deputy.pk, by=office).number == 2


def test_a_term_gets_one_certificate_only(office, term):
    certificate_issue(term_id=term.pk, by=office)
    with pytest.raises(TenureError):
        certificate_issue(term_id=term.pk, by=office)


def test_a_unit_secretary_issues_only_for_their_own_unit(secretary, term, other_term):
    assert certificate_issue(term_id=term.pk, by=secretary).unit_id == term.unit_id
    with pytest.raises(PermissionDenied):
        certificate_issue(term_id=other_term.pk, by=secretary)


def _issue_concurrently(term_ids, by):
    results, barrier = [], threading.Barrier(len(term_ids))

    def issue(term_id):
        try:
            barrier.wait()
            certificate_issue(term_id=term_id, by=by, issued_on=ISSUED)
            results.append("ok")
        except TenureError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(term_id,)) for term_id in term_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


concurrent = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers anyway"
)


@concurrent
@pytest.mark.django_db(transaction=True)
def test_the_quota_holds_under_concurrent_issuing():
    from tests.factories import OfficeUserFactory

    office = OfficeUserFactory()
    unit = UnitFactory(name="并发镇", leadership_quota=3)
    term_ids = [TermFactory(unit=unit).pk for _ in range(8)]
    results = _issue_concurrently(term_ids, office)
    assert results.count("ok") == 3
    assert results.count("refused") == 5
    assert Certificate.objects.filter(unit=unit).count() == 3


@concurrent
@pytest.mark.django_db(transaction=True)
def test_certificate_numbers_stay_unique_under_concurrency():
    from tests.factories import OfficeUserFactory

    office = OfficeUserFactory()
    unit = UnitFactory(name="并发镇", leadership_quota=50)
    term_ids = [TermFactory(unit=unit).pk for _ in range(10)]
    results = _issue_concurrently(term_ids, office)
    assert results == ["ok"] * 10
    numbers = sorted(Certificate.objects.filter(unit=unit).values_list("number", flat=True))
    assert numbers == list(range(1, 11))
