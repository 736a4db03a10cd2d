"""Tenure's access layer: the only place that turns (user, id) into an object.

One helper per object kind: it returns the object, or raises 404 (not visible) / 403 (wrong role). The role
checks themselves are ``accounts.rules``'.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import rules as roles
from accounts.models import User
from accounts.rules import require_back_office
from competition.models import Person, Unit
from tenure.models import Certificate, Reappointment, Term, TermGoal
from tenure.reappointment import reappointments_visible_to


def units_visible_to(user: User) -> QuerySet[Unit]:
    if roles.is_office(user):
        return Unit.objects.all()
    if roles.is_unit_secretary(user):
        return Unit.objects.filter(pk=user.secretary_of_id)
    return Unit.objects.none()


def get_unit_for_user(user: User, unit_id: int) -> Unit:
    require_back_office(user)
    return get_object_or_404(units_visible_to(user), pk=unit_id)


def get_term_for_user(user: User, term_id: int) -> Term:
    require_back_office(user)
    queryset = Term.objects.visible_to(user).select_related("person", "position", "unit", "post")
    return get_object_or_404(queryset, pk=term_id)


def get_goal_for_user(user: User, term_id: int, goal_id: int) -> TermGoal:
    """A goal of a term the user may see (404 for another term's goal)."""
    term = get_term_for_user(user, term_id)
    return get_object_or_404(TermGoal.objects.select_related("term__unit"), term=term, pk=goal_id)


def get_term_holder_for_user(user: User, person_id: int) -> Person:
    """A person's term history: the office sees anyone's; a unit secretary that of people who held a term in
    their unit. (Not the competition's ``get_person_for_user``, which is about applicants' profiles.)"""
    require_back_office(user)
    if roles.is_office(user):
        return get_object_or_404(Person, pk=person_id)
    return get_object_or_404(Person.objects.filter(terms__unit_id=user.secretary_of_id).distinct(), pk=person_id)


def get_certificate_for_user(user: User, certificate_id: int) -> Certificate:
    require_back_office(user)
    queryset = Certificate.objects.select_related("term__person", "term__position", "unit")
    if not roles.is_office(user):
        queryset = queryset.filter(unit_id=user.secretary_of_id)
    return get_object_or_404(queryset, pk=certificate_id)


def get_reappointment_for_user(user: User, reappointment_id: int) -> Reappointment:
    require_back_office(user)
    queryset = reappointments_visible_to(user).select_related(
        "campaign", "unit", "previous_term__person", "previous_term__position", "new_term__certificate"
    )
    return get_object_or_404(queryset, pk=reappointment_id)
