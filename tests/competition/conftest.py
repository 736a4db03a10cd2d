import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas' passwords are hashed with Argon2 otherwise: slow, and nothing here tests it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the cache (Redis in CI): every test starts from zero.
    cache.clear()
    yield
    cache.clear()
