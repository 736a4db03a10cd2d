"""The appointment notice's number (issue 21.5): 罗委〔2026〕12号, numbered per issuing body and year; two notices of
one body never get the same number, not even when they are numbered at the same moment (PostgreSQL)."""

import datetime
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from competition.formalities import services as formalities
from competition.models import Decision, Formalities, Unit
from tests.competition.stages import at_decision, decide
from tests.factories import SecretaryFactory, UnitFactory
from tests.markers import needs_postgresql

DAY = datetime.timedelta(days=1)


def passed_on(unit, office, secretary, day):
    """A passing decision of ``unit`` on ``day``, its talk recorded the day after."""
    decision = decide(at_decision(unit, office, secretary), secretary, present_agree=5)
    Decision.objects.filter(pk=decision.pk).update(meeting_date=day)
    decision.refresh_from_db()
    formalities.formalities_talk_record(
        decision_id=decision.pk, talked_by="区委组织部 张部长", talk_on=day + DAY, talk_points="严格要求自己。", by=secretary
    )
    return decision


def issue(decision, by, day=None, **kwargs):
    day = day or decision.meeting_date + 2 * DAY
    return formalities.formalities_complete(decision_id=decision.pk, document_date=day, effective_on=day, by=by, **kwargs)


@pytest.mark.django_db
def test_each_body_numbers_its_notices_from_1_in_each_year(unit, office, secretary):
    Unit.objects.filter(pk=unit.pk).update(party_body="中共罗店镇委员会", short_code="罗委")
    yuepu = UnitFactory(name="月浦镇", party_body="中共月浦镇委员会", short_code="月委")
    yuepu_secretary = SecretaryFactory(username="yuepu", secretary_of=yuepu)
    last_year = datetime.date(2025, 12, 20)
    this_year = datetime.date(2026, 1, 5)
    with time_machine.travel(datetime.datetime(2026, 1, 20, 10, 0)):
        old = passed_on(unit, office, secretary, last_year)
        first = passed_on(unit, office, secretary, this_year)
        second = passed_on(unit, office, secretary, this_year)
        other = passed_on(yuepu, office, yuepu_secretary, this_year)
        assert issue(old, secretary, day=datetime.date(2025, 12, 23)).document_no == "罗委〔2025〕1号"
        assert issue(first, secretary).document_no == "罗委〔2026〕1号"
        assert issue(other, yuepu_secretary).document_no == "月委〔2026〕1号"  # another body: its own numbers
        # The committee numbered other documents meanwhile: the unit gives the number, the next follow it.
        assert issue(second, secretary, document_seq=12).document_no == "罗委〔2026〕12号"
        third = passed_on(unit, office, secretary, this_year)
        assert issue(third, secretary).document_no == "罗委〔2026〕13号"
    record = Formalities.objects.get(decision=third)
    assert (record.issuer_id, record.document_year, record.document_seq) == (unit.pk, 2026, 13)


@pytest.mark.django_db
def test_the_database_refuses_a_second_notice_with_the_same_number(unit, office, secretary):
    decision = passed_on(unit, office, secretary, datetime.date.today() - 10 * DAY)
    record = issue(decision, secretary)
    other = Formalities.objects.create(decision=decide(at_decision(unit, office, secretary), secretary, present_agree=5))
    with pytest.raises(IntegrityError), transaction.atomic():
        Formalities.objects.filter(pk=other.pk).update(
            issuer=unit, document_year=record.document_year, document_seq=record.document_seq
        )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_notices_numbered_at_the_same_moment_get_two_numbers(unit, office, secretary):
    Unit.objects.filter(pk=unit.pk).update(party_body="中共罗店镇委员会", short_code="罗委")
    day = datetime.date.today() - 10 * DAY
    first, second = passed_on(unit, office, secretary, day), passed_on(unit, office, secretary, day)
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def complete(decision):
        try:
            barrier.wait()
            numbers.append(issue(decision, secretary).document_no)
        except Exception as error:  # noqa: BLE001 - the test reports any failure below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    year = (day + 2 * DAY).year
    assert errors == []
    assert sorted(numbers) == [f"罗委〔{year}〕1号", f"罗委〔{year}〕2号"]
