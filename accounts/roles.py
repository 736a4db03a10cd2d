"""Granting and revoking roles: the system administrator's work (三员分立), each change a security event."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules
from accounts.models import User
from accounts.signals import emit
from core.exceptions import ActionRefused

# The roles the system administrator grants, by field; the office's competition work stays with ``is_office``.
GRANTABLE = {
    "is_office": gettext_lazy("competition office staff"),
    "is_system_admin": gettext_lazy("system administrator"),
    "is_security_admin": gettext_lazy("security administrator"),
    "is_audit_admin": gettext_lazy("audit administrator"),
}


class RoleRefused(ActionRefused):
    """A role change that cannot be made; the message is for the user."""


@transaction.atomic
def user_role_set(*, user_id: int, role: str, granted: bool, by: User) -> User:
    """Grant or revoke one role. One account holds one administrator role unless ALLOW_COMBINED_ADMIN_ROLES; the
    system administrator does not take his own role away (someone must be left to grant it)."""
    rules.require(rules.is_system_admin, by, message=_("Only the system administrator grants and revokes roles."))
    if role not in GRANTABLE:
        raise RoleRefused(_("This role cannot be granted here."))
    user = User.objects.select_for_update().get(pk=user_id)
    if getattr(user, role) == granted:
        return user
    if user.pk == by.pk and role == "is_system_admin" and not granted:
        raise RoleRefused(_("You cannot revoke your own system administrator role."))
    setattr(user, role, granted)
    if len(user.admin_roles()) > 1 and not settings.ALLOW_COMBINED_ADMIN_ROLES:
        emit("role_granted", user=by, target=user, outcome="failure", role=role, reason="combined")
        raise RoleRefused(_("One account may hold only one of the system, security and audit administrator roles."))
    user.save(update_fields=[role])
    emit("role_granted" if granted else "role_revoked", user=by, target=user, role=role)
    return user
