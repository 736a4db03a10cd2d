"""Who may do what. Roles derive from relations (see accounts.models.User).

The predicates answer; the ``require_*`` helpers refuse (403) and are the only ones: services call them with a
message naming the step, views through each app's ``access`` module.
"""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.models import User

AnyUser = User | AnonymousUser | None


@rules.predicate
def is_office(user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_office)


@rules.predicate
def is_unit_secretary(user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.secretary_of_id)


@rules.predicate
def is_candidate(user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "person"))


@rules.predicate
def is_examiner(user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "examiner"))


def _admin_role(field: str):
    @rules.predicate(name=field)
    def predicate(user: AnyUser) -> bool:
        return bool(user and user.is_authenticated and user.is_active and getattr(user, field, False))

    return predicate


# Separated duties (三员分立): accounts and roles / settings, lockouts, second factors / the audit log.
is_system_admin = _admin_role("is_system_admin")
is_security_admin = _admin_role("is_security_admin")
is_audit_admin = _admin_role("is_audit_admin")


def unit_of(obj: Any) -> Any:
    """The unit an object belongs to: a Unit itself, or anything with a ``unit`` attribute."""
    if obj is None:
        return None
    # The unit model is the one User.secretary_of points at: accounts sits below competition and cannot import it.
    if isinstance(obj, User._meta.get_field("secretary_of").related_model):
        return obj
    return getattr(obj, "unit", None)


@rules.predicate
def is_unit_secretary_of(user: AnyUser, obj: Any) -> bool:
    unit = unit_of(obj)
    return bool(is_unit_secretary(user) and unit is not None and user.secretary_of_id == unit.pk)


is_office_or_unit_secretary_of = is_office | is_unit_secretary_of


def require_office(user: AnyUser, message: str = "") -> None:
    """Refuse (403) anyone but the competition office."""
    if not is_office(user):
        raise PermissionDenied(message)


def require_back_office(user: AnyUser, message: str = "") -> None:
    """Refuse (403) anyone but the office and unit secretaries."""
    if not (is_office(user) or is_unit_secretary(user)):
        raise PermissionDenied(message)


def require(predicate, user, obj=None, message: str = "") -> None:
    """Refuse (403) unless ``predicate`` holds for ``user`` (and ``obj``): the check of a rule tied to an object,
    such as ``is_unit_secretary_of`` a post, with the message the service gives."""
    if not predicate.test(user, obj):
        raise PermissionDenied(message)
