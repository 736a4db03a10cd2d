"""One access helper per object type: return the object, or raise 404 (not visible) / 403 (wrong role)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import rules as roles
from competition.models import Person, Unit
from tenure.models import Certificate, Reappointment, Term
from tenure.reappointment import reappointments_visible_to


def require_back_office(user):
    if not (roles.is_office(user) or roles.is_unit_secretary(user)):
        raise PermissionDenied


def require_office(user):
    if not roles.is_office(user):
        raise PermissionDenied


def units_visible_to(user):
    if roles.is_office(user):
        return Unit.objects.all()
    if roles.is_unit_secretary(user):
        return Unit.objects.filter(pk=user.secretary_of_id)
    return Unit.objects.none()


def get_unit_for_user(user, unit_id):
    require_back_office(user)
    return get_object_or_404(units_visible_to(user), pk=unit_id)


def get_term_for_user(user, term_id):
    require_back_office(user)
    queryset = Term.objects.visible_to(user).select_related("person", "position", "unit", "post")
    return get_object_or_404(queryset, pk=term_id)


def get_person_for_user(user, person_id):
    """The office sees anyone's term history; a unit secretary that of people who held a term in their unit."""
    require_back_office(user)
    if roles.is_office(user):
        return get_object_or_404(Person, pk=person_id)
    return get_object_or_404(Person.objects.filter(terms__unit_id=user.secretary_of_id).distinct(), pk=person_id)


def get_certificate_for_user(user, certificate_id):
    require_back_office(user)
    queryset = Certificate.objects.select_related("term__person", "term__position", "unit")
    if not roles.is_office(user):
        queryset = queryset.filter(unit_id=user.secretary_of_id)
    return get_object_or_404(queryset, pk=certificate_id)


def get_reappointment_for_user(user, reappointment_id) -> Reappointment:
    require_back_office(user)
    queryset = reappointments_visible_to(user).select_related(
        "campaign", "unit", "previous_term__person", "previous_term__position", "new_term__certificate"
    )
    return get_object_or_404(queryset, pk=reappointment_id)
