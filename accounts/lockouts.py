"""Login lockouts (django-axes), lifted by the security administrator."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils.translation import gettext as _

from accounts import rules
from accounts.models import User
from accounts.signals import emit
from core.exceptions import ActionRefused


def current_lockouts():
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")[:200]


def lockout_reset(*, username: str, by: User) -> int:
    rules.require(rules.is_security_admin, by, message=_("Only the security administrator lifts a lockout."))
    if not username:
        raise ActionRefused(_("Name the account to unlock."))
    count = reset(username=username)
    emit("lockout_reset", user=by, target=None, username_unlocked=username, attempts=count)
    return count
