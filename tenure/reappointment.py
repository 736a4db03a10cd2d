"""Posts not competed: the incumbent's reappointment (述职考核 → publicity → office review → certificate).

The steps are transitions of ``Reappointment``; these service functions are the only way to take them.
Each checks the permission, locks the row, transitions and saves; django-fsm-log writes its row in the
same transaction. The campaign's ``reappointment_deadline`` says when every unit must be done.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import rules as roles
from accounts.models import User
from competition.models import Campaign, Unit
from core.transitions import Refusals, guarded_transition
from tenure.models import Rating, Reappointment, Term
from tenure.services import TERM_YEARS, TenureError, _years_later, certificate_issue, lock_term, require_term_manager


def reappointments_visible_to(user: User) -> QuerySet[Reappointment]:
    if roles.is_office(user):
        return Reappointment.objects.all()
    if roles.is_unit_secretary(user):
        return Reappointment.objects.filter(unit_id=user.secretary_of_id)
    return Reappointment.objects.none()


@transaction.atomic
def reappointment_start(*, campaign_id: int, term_id: int, by: User) -> Reappointment:
    """Open the reappointment of a current term's holder in ``campaign`` (their post is not competed)."""
    campaign = Campaign.objects.get(pk=campaign_id)
    term = lock_term(term_id)
    require_term_manager(by, term)
    # A term that simply ran to its scheduled end may still be reappointed (the deadline comes after the end).
    ran_its_course = term.status == Term.Status.ENDED and term.ended_on == term.end
    is_current = term.status in (Term.Status.PROBATION, Term.Status.SERVING) and term.ended_on is None
    if not (is_current or ran_its_course):
        raise TenureError(_("Only a current term's holder can be reappointed."))
    if campaign.posts.filter(position_id=term.position_id).exclude(status="cancelled").exists():
        raise TenureError(_("This position is offered in the campaign: it is competed, not reappointed."))
    if Reappointment.objects.filter(campaign=campaign, previous_term=term).exists():
        raise TenureError(_("This reappointment has already been started."))
    return Reappointment.objects.create(campaign=campaign, unit=term.unit, previous_term=term)


def _lock_reappointment(reappointment_id: int) -> Reappointment:
    return (
        Reappointment.objects.select_for_update(of=("self",))
        .select_related("campaign", "unit", "previous_term__person", "previous_term__position")
        .get(pk=reappointment_id)
    )


_UNMET = {
    "record_results": gettext_noop("Record both the democratic evaluation and the performance report results."),
    "start_publicity": gettext_noop("An incompetent result cannot go to publicity; set the publicity dates first."),
    "submit_for_review": gettext_noop("The publicity has not ended yet."),
}
_REFUSALS = Refusals(
    error=TenureError,
    not_now=lambda reappointment: _("The reappointment is now “%(status)s”; this step is not possible.")
    % {"status": reappointment.get_status_display()},
    forbidden=lambda: _("You may not take this step."),
    unmet=lambda _reappointment, name: _(_UNMET.get(name, gettext_noop("The conditions for this step are not met yet."))),
)


def _transition(reappointment: Reappointment, name: str, *, by: User, description: str = "") -> Reappointment:
    return guarded_transition(reappointment, name, by=by, description=description, refusals=_REFUSALS)


@transaction.atomic
def reappointment_record_results(
    *, reappointment_id: int, evaluation_result: str, performance_result: str, by: User
) -> Reappointment:
    reappointment = _lock_reappointment(reappointment_id)
    if evaluation_result not in Rating.values or performance_result not in Rating.values:
        raise TenureError(_("Please choose both results."))
    if reappointment.status == Reappointment.Status.STARTED:
        reappointment.evaluation_result = evaluation_result
        reappointment.performance_result = performance_result
    return _transition(reappointment, "record_results", by=by)


@transaction.atomic
def reappointment_start_publicity(
    *,
    reappointment_id: int,
    publicity_start: datetime.date | None,
    publicity_end: datetime.date | None,
    by: User,
) -> Reappointment:
    reappointment = _lock_reappointment(reappointment_id)
    if publicity_start and publicity_end and publicity_end < publicity_start:
        raise TenureError(_("The publicity must end after it starts."))
    if reappointment.status == Reappointment.Status.EVALUATED:
        reappointment.publicity_start = publicity_start
        reappointment.publicity_end = publicity_end
    return _transition(reappointment, "start_publicity", by=by)


@transaction.atomic
def reappointment_submit_for_review(*, reappointment_id: int, by: User) -> Reappointment:
    return _transition(_lock_reappointment(reappointment_id), "submit_for_review", by=by)


@transaction.atomic
def reappointment_approve(*, reappointment_id: int, note: str = "", by: User) -> Reappointment:
    reappointment = _lock_reappointment(reappointment_id)
    reappointment.review_note = note
    return _transition(reappointment, "approve", by=by, description=note)


@transaction.atomic
def reappointment_reject(*, reappointment_id: int, note: str, by: User) -> Reappointment:
    if not note.strip():
        raise TenureError(_("Please give a reason."))
    reappointment = _lock_reappointment(reappointment_id)
    reappointment.review_note = note
    return _transition(reappointment, "reject", by=by, description=note)


@transaction.atomic
def reappointment_certify(*, reappointment_id: int, by: User, on: datetime.date | None = None) -> Reappointment:
    """Start the new term (to the campaign's unified end, or five years) and issue its certificate.

    The incumbent's term ends the day the new one starts, so the unit's quota count is unchanged.
    """
    reappointment = _lock_reappointment(reappointment_id)
    _transition(reappointment, "certify", by=by)
    on = on or timezone.localdate()
    previous = lock_term(reappointment.previous_term_id)
    if previous.ended_on is None:
        previous.ended_on = on
        previous.status = Term.Status.ENDED
        previous.end_reason = "reappointed"
        previous.save(update_fields=["ended_on", "status", "end_reason"])
    end = reappointment.campaign.unified_term_end
    if end is None or end <= on:
        end = _years_later(on, TERM_YEARS)
    term = Term.objects.create(
        person_id=previous.person_id,
        position_id=previous.position_id,
        unit_id=previous.unit_id,
        origin=Term.Origin.REAPPOINTMENT,
        start=on,
        end=end,
        status=Term.Status.SERVING,
    )
    reappointment.new_term = term
    reappointment.save(update_fields=["new_term"])
    certificate_issue(term_id=term.pk, by=by, issued_on=on)
    return reappointment


def units_late(campaign: Campaign | None = None, day: datetime.date | None = None) -> QuerySet[Unit]:
    """Units with reappointments still open after their campaign's deadline (one campaign's, or any), with counts."""
    day = day or timezone.localdate()
    late = Q(
        reappointments__status__in=Reappointment.OPEN_STATES,
        reappointments__campaign__reappointment_deadline__lt=day,
    )
    if campaign is not None:
        late &= Q(reappointments__campaign=campaign)
    return (
        Unit.objects.annotate(open_count=Count("reappointments", filter=late))
        .filter(open_count__gt=0)
        .order_by("name")
    )
