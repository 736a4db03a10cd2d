import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from tenure.models import Exit, Term, TerminationReason
from tenure.services import TenureError, exit_update, term_move_for_special_needs, term_terminate
from tests.factories import PositionFactory

ON = datetime.date(2025, 6, 1)
# A move and a probation not confirmed have actions of their own (tests/tenure/test_probation.py).
PLAIN_REASONS = [r for r in TerminationReason.values if r not in ("special_work_needs", "probation", "other")]


@pytest.mark.parametrize("reason", PLAIN_REASONS)
def test_each_reason_ends_the_term_early_and_opens_an_exit(office, term, reason):
    term_terminate(term_id=term.pk, reason=reason, on=ON, by=office)
    term.refresh_from_db()
    assert (term.status, term.ended_on, term.termination_reason) == (Term.Status.TERMINATED, ON, reason)
    assert Exit.objects.filter(term=term, arrangement=Exit.Arrangement.UNDECIDED).exists()


def test_other_needs_an_explanation(office, term):
    with pytest.raises(TenureError, match="explain"):
        term_terminate(term_id=term.pk, reason="other", on=ON, by=office)
    term_terminate(term_id=term.pk, reason="other", on=ON, note="借调", by=office)
    term.refresh_from_db()
    assert term.end_reason == "借调"


def test_an_unknown_reason_is_refused(office, term):
    with pytest.raises(TenureError):
        term_terminate(term_id=term.pk, reason="boredom", on=ON, by=office)


def test_a_special_move_is_not_a_plain_termination(office, term):
    with pytest.raises(TenureError):
        term_terminate(term_id=term.pk, reason="special_work_needs", on=ON, by=office)


def test_a_term_cannot_be_terminated_twice_or_outside_its_dates(office, term):
    with pytest.raises(TenureError):
        term_terminate(term_id=term.pk, reason="illness", on=datetime.date(2020, 1, 1), by=office)
    with pytest.raises(TenureError):
        term_terminate(term_id=term.pk, reason="illness", on=datetime.date(2030, 1, 1), by=office)
    term_terminate(term_id=term.pk, reason="illness", on=ON, by=office)
    with pytest.raises(TenureError, match="already ended"):
        term_terminate(term_id=term.pk, reason="discipline", on=ON, by=office)


def test_a_special_move_continues_the_term_in_the_new_position(office, term):
    target = PositionFactory(unit=term.unit, title="党政办主任")
    new = term_move_for_special_needs(term_id=term.pk, position_id=target.pk, on=ON, note="抗洪抢险", by=office)
    term.refresh_from_db()
    assert term.termination_reason == TerminationReason.SPECIAL_WORK_NEEDS
    assert (new.position, new.start, new.end, new.special_moves) == (target, ON, term.end, 1)
    assert new.origin == Term.Origin.SPECIAL_MOVE


def test_only_one_special_move_per_term(office, term):
    first = PositionFactory(unit=term.unit, title="党政办主任")
    second = PositionFactory(unit=term.unit, title="经济办主任")
    new = term_move_for_special_needs(term_id=term.pk, position_id=first.pk, on=ON, note="急需", by=office)
    with pytest.raises(TenureError, match="already had"):
        term_move_for_special_needs(
            term_id=new.pk, position_id=second.pk, on=ON + datetime.timedelta(days=30), note="又急需", by=office
        )
    new.refresh_from_db()
    assert new.ended_on is None


def test_the_database_refuses_a_second_special_move(term):
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.filter(pk=term.pk).update(special_moves=2)


def test_other_terminations_stay_possible_after_a_special_move(office, term):
    target = PositionFactory(unit=term.unit, title="党政办主任")
    new = term_move_for_special_needs(term_id=term.pk, position_id=target.pk, on=ON, note="急需", by=office)
    term_terminate(term_id=new.pk, reason="illness", on=ON + datetime.timedelta(days=10), by=office)
    new.refresh_from_db()
    assert new.status == Term.Status.TERMINATED


def test_a_unit_secretary_moves_no_one_to_another_unit(secretary, term, other_unit):
    target = PositionFactory(unit=other_unit, title="办公室主任")
    with pytest.raises(PermissionDenied):
        term_move_for_special_needs(term_id=term.pk, position_id=target.pk, on=ON, note="急需", by=secretary)


def test_a_unit_secretary_terminates_only_their_own_units_terms(secretary, other_term):
    with pytest.raises(PermissionDenied):
        term_terminate(term_id=other_term.pk, reason="illness", on=ON, by=secretary)


def test_the_exit_procedure_is_recorded_step_by_step(office, term):
    term_terminate(term_id=term.pk, reason="max_age", on=ON, by=office)
    with pytest.raises(TenureError, match="order"):
        exit_update(term_id=term.pk, by=office, handover_on=ON)
    with pytest.raises(TenureError):
        exit_update(term_id=term.pk, by=office, talk_on=ON, handover_on=ON - datetime.timedelta(days=1))
    record = exit_update(
        term_id=term.pk, by=office, talk_on=ON, handover_on=ON, filed_on=ON, arrangement=Exit.Arrangement.RETIREMENT
    )
    assert record.is_complete


def test_no_exit_procedure_for_a_current_term(office, term):
    with pytest.raises(TenureError):
        exit_update(term_id=term.pk, by=office, talk_on=ON)
