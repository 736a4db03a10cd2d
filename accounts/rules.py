"""Who may do what. Roles derive from relations (see accounts.models.User).

The predicates answer; the ``require_*`` helpers refuse (403) and are the only ones: services call them with a
message naming the step, views through each app's ``access`` module.
"""

import rules
from django.core.exceptions import PermissionDenied


@rules.predicate
def is_office(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_office)


@rules.predicate
def is_unit_secretary(user):
    return bool(user and user.is_authenticated and user.is_active and user.secretary_of_id)


@rules.predicate
def is_candidate(user):
    return bool(user and user.is_authenticated and hasattr(user, "person"))


@rules.predicate
def is_examiner(user):
    return bool(user and user.is_authenticated and hasattr(user, "examiner"))


def unit_of(obj):
    """The unit an object belongs to: a Unit itself, or anything with a ``unit`` attribute."""
    from competition.models import Unit

    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj
    return getattr(obj, "unit", None)


@rules.predicate
def is_unit_secretary_of(user, obj):
    unit = unit_of(obj)
    return bool(is_unit_secretary(user) and unit is not None and user.secretary_of_id == unit.pk)


is_office_or_unit_secretary_of = is_office | is_unit_secretary_of


def require_office(user, message: str = "") -> None:
    """Refuse (403) anyone but the competition office."""
    if not is_office(user):
        raise PermissionDenied(message)


def require_back_office(user, message: str = "") -> None:
    """Refuse (403) anyone but the office and unit secretaries."""
    if not (is_office(user) or is_unit_secretary(user)):
        raise PermissionDenied(message)


def require(predicate, user, obj=None, message: str = "") -> None:
    """Refuse (403) unless ``predicate`` holds for ``user`` (and ``obj``): the check of a rule tied to an object,
    such as ``is_unit_secretary_of`` a post, with the message the service gives."""
    if not predicate.test(user, obj):
        raise PermissionDenied(message)
