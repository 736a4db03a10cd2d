"""Two-factor login (TOTP on django-otp) and its recovery codes.

Enrolment: an unconfirmed TOTP device is made and shown (QR code drawn here, as inline SVG); a first correct code
confirms it, ten single-use recovery codes are made and shown once. Login: after the password, a user who needs a
second factor (``User.needs_two_factor``) sees nothing but the verification page until a code from the phone or a
recovery code is accepted (accounts.middleware). A security administrator other than the user resets it.
Every step is a security event (audit log).
"""

import secrets

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import rules
from accounts.models import User
from accounts.signals import emit
from core.exceptions import ActionRefused

RECOVERY_CODES = 10


class TwoFactorRefused(ActionRefused):
    """A second-factor step that cannot be done; the message is for the user."""


def _lock(user_id: int) -> User:
    return User.objects.select_for_update().get(pk=user_id)


def pending_device(user: User) -> TOTPDevice:
    """The TOTP device being enrolled (made on the first visit, shown until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG drawn on the server (no request leaves the browser)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enrol(*, user: User, device_id: int, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a first code; return it and the new recovery codes (shown once)."""
    _lock(user.pk)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise TwoFactorRefused(_("This enrolment has expired; please scan the new code."))
    if not device.verify_token(token.strip()):
        emit("two_factor_failed", user=user, target=user, outcome="failure", step="enrolment")
        raise TwoFactorRefused(_("The code is not correct. Check the phone's clock and type the current code."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    User.objects.filter(pk=user.pk).update(two_factor_enrolled=True)
    user.two_factor_enrolled = True
    emit("two_factor_enrolled", user=user, target=user)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes replace the old ones (which stop working)."""
    _lock(user.pk)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise TwoFactorRefused(_("Enrol a second factor first."))
    codes = _new_recovery_codes(user)
    emit("recovery_codes_regenerated", user=user, target=user)
    return codes


def two_factor_verify(*, user: User, token: str):
    """The device that accepts ``token`` (a code from the phone or a recovery code), or None. A recovery code
    works once."""
    token = token.strip().replace(" ", "")
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            if locked.verify_is_allowed()[0] and locked.verify_token(token):
                emit("two_factor_verified", user=user, target=user)
                return locked
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            locked = StaticDevice.objects.select_for_update().get(pk=device.pk)
            if locked.verify_is_allowed()[0] and locked.verify_token(token):
                emit("recovery_code_used", user=user, target=user, left=locked.token_set.count())
                return locked
    emit("two_factor_failed", user=user, target=user, outcome="failure", step="login")
    return None


@transaction.atomic
def two_factor_reset(*, user_id: int, by: User) -> User:
    """Remove a user's second factors (a lost phone): a security administrator, never for himself. The user
    enrols again at his next login if he needs two factors."""
    rules.require(rules.is_security_admin, by, message=_("Only the security administrator resets a second factor."))
    if by.pk == user_id:
        emit("two_factor_reset", user=by, target=by, outcome="failure", reason="own account")
        raise TwoFactorRefused(_("Nobody resets his own second factor: ask another security administrator."))
    user = _lock(user_id)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.two_factor_enrolled = False
    user.save(update_fields=["two_factor_enrolled"])
    emit("two_factor_reset", user=by, target=user)
    return user


DEMO_DEVICE = "demo"


def demo_enrol(user: User) -> TOTPDevice:
    """The demo accounts' second factor (``load_demo``): made once, its secret printed for a first run."""
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, confirmed=True)
        _new_recovery_codes(user)
    User.objects.filter(pk=user.pk).update(two_factor_enrolled=True)
    user.two_factor_enrolled = True
    return device


def current_code(device: TOTPDevice) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
