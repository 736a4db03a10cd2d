"""Sensitive personal information at rest (PIPL art. 51): sealed with Fernet, found by a keyed hash.

``ID_NUMBER_KEYS`` is a list of Fernet keys, the first one current: ``seal`` encrypts with it, ``unseal`` tries each
(MultiFernet), so a rotation (``manage.py rotate_id_number_key``) can re-encrypt row by row while both keys are set.
``ID_NUMBER_HMAC_KEY`` is a separate key for ``keyed_hash``: the look-up column (search, import idempotency, the
uniqueness constraint) holds HMAC-SHA256 of the number, which cannot be reversed without that key.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.ID_NUMBER_KEYS])


def _clear(**kwargs) -> None:
    _fernet.cache_clear()


setting_changed.connect(_clear)


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def reseal(token: str) -> str:
    """The token re-encrypted with the current key (the rotation)."""
    return _fernet().rotate(token.encode()).decode()


def keyed_hash(text: str) -> str:
    return hmac.new(settings.ID_NUMBER_HMAC_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def mask_id_number(number: str) -> str:
    """The number as pages, rosters and exports show it: region's first six and the last four, 310113********123X."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
