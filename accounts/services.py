"""Candidate accounts: self-registration with email verification. Accounts the office creates for others (an
examiner, say): an invitation link that sets the password, or a printed one-time password changed at first login.

A candidate signs up on the public page; the account stays inactive until the signed link mailed to him is
followed (and the page's button pressed: mail scanners follow links). The mail leaves after the commit.
"""

import secrets
from collections.abc import Callable

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tasks import send_mail
from core.exceptions import ActionRefused


class SignUpError(ActionRefused):
    """A verification link that cannot activate an account; the message is for the user."""


VERIFY_SALT = "competition.registration.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


@transaction.atomic
def candidate_sign_up(
    *, username: str, full_name: str, email: str, password: str, verify_url_for: Callable[[str], str]
) -> User:
    """Create an inactive account and email a signed link; the account works once the link is followed.

    ``verify_url_for(token)`` builds the absolute link (the view knows the host)."""
    user = User(username=username, full_name=full_name, email=email, is_active=False)
    user.set_password(password)
    user.save()
    link = verify_url_for(verification_token(user))
    subject = _("Confirm your email address")
    body = _("Follow this link within three days to activate your account for the competition: %(link)s") % {"link": link}
    send_mail.delay_on_commit(subject=str(subject), body=str(body), recipients=[email])
    return user


def _lock_user(user_id: int | None, email: str | None) -> User | None:
    return User.objects.select_for_update(of=("self",)).filter(pk=user_id, email=email).first()


@transaction.atomic
def candidate_verify_email(*, token: str) -> User:
    """Activate the account named by a signed token; raise SignUpError for a bad or expired one."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise SignUpError(_("This link has expired; please sign up again.")) from None
    except signing.BadSignature:
        raise SignUpError(_("This link is not valid.")) from None
    user = _lock_user(data.get("u"), data.get("e"))
    if user is None:
        raise SignUpError(_("This link is not valid."))
    if not user.is_active:
        if user.last_login is not None:
            # Deactivated by the office after using the account: an old link must not undo that.
            raise SignUpError(_("This link is not valid."))
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


# --- Accounts the office creates: invitation or one-time password ---

INVITE_SALT = "accounts.invitation"
INVITE_MAX_AGE = 7 * 24 * 3600
# No 0/O, 1/l/I: the password is read off paper.
_READABLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _password_state(user: User) -> str:
    # Changes when the password is set: a followed invitation cannot be followed again.
    return salted_hmac(INVITE_SALT, user.password).hexdigest()[:20]


def invitation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "p": _password_state(user)}, salt=INVITE_SALT)


def one_time_password() -> str:
    return "".join(secrets.choice(_READABLE) for _i in range(12))


def account_create(*, username: str, full_name: str, email: str = "", one_time: bool) -> tuple[User, str]:
    """An active account for someone the office names. ``one_time``: a printed password (returned, never stored in
    clear) that must be changed at first login; otherwise no usable password until the invitation is followed."""
    user = User(username=username, full_name=full_name, email=email, is_active=True)
    password = ""
    if one_time:
        password = one_time_password()
        user.set_password(password)
        user.password_change_required = True
    else:
        user.set_unusable_password()
    user.save()
    return user, password


def account_for_invitation(token: str, *, lock: bool = False) -> User:
    """The account an invitation names; SignUpError if the link is bad, expired or used."""
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.SignatureExpired:
        raise SignUpError(_("This invitation has expired; ask the competition office for a new one.")) from None
    except signing.BadSignature:
        raise SignUpError(_("This link is not valid.")) from None
    users = User.objects.select_for_update(of=("self",)) if lock else User.objects
    user = users.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not secrets.compare_digest(_password_state(user), str(data.get("p", ""))):
        raise SignUpError(_("This invitation has been used already or is no longer valid."))
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited account's password (once: the link is spent by it)."""
    user = account_for_invitation(token, lock=True)
    validate_password(password, user)
    user.set_password(password)
    user.password_change_required = False
    user.save(update_fields=["password", "password_change_required"])
    return user
