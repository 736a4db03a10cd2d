"""Candidate accounts: self-registration with email verification.

A candidate signs up on the public page; the account stays inactive until the signed link mailed to him is
followed (and the page's button pressed: mail scanners follow links). The mail leaves after the commit.
"""

from collections.abc import Callable

from django.core import signing
from django.db import transaction
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
