"""A test client logged in as a user, as after the login page and, for an administrator, the two-factor check.

Imported by the benches after ``django.setup()``.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_SEEN
from accounts.models import User


def verified_session(user: User) -> dict:
    """The session values a user has after the login page and, for one who needs two factors, the two-factor check:
    a confirmed device (the demo enrols its administrators; a bench's own office account is enrolled here)."""
    values = {LAST_SEEN: int(time.time())}
    if user.needs_two_factor:
        device = next(devices_for_user(user, confirmed=True), None)
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        values[DEVICE_ID_SESSION_KEY] = device.persistent_id
    return values


def logged_in(user: User) -> Client:
    """A test client with ``user``'s session, as after logging in."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    session = client.session
    session.update(verified_session(user))
    session.save()
    return client
