import os

import pytest
from django.conf import settings


def pytest_configure(config):
    # In CI every test runs on the real services: never fall back to SQLite there.
    if os.environ.get("CI") == "true" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("CI must run the suite on PostgreSQL (set DATABASE_URL).")


@pytest.fixture(autouse=True)
def _plain_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.LANGUAGE_CODE = "en"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate-limit counts (core.ratelimit) live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` logs a user who needs two factors in with a verified second factor too (as
    the login form and the verification page would): tests of other things need not go through it."""
    import time

    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.middleware import LAST_SEEN

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        if getattr(user, "needs_two_factor", False):
            from tests.factories import enrol

            session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
        # As after a first request: the idle clock is set (queries counted later are those of every request).
        session[LAST_SEEN] = int(time.time())
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def office(db):
    from tests.factories import OfficeUserFactory

    return OfficeUserFactory(username="office", full_name="竞岗办")


@pytest.fixture
def system_admin(db):
    from tests.factories import UserFactory

    return UserFactory(username="sysadmin", full_name="系统管理员", is_system_admin=True)


@pytest.fixture
def security_admin(db):
    from tests.factories import UserFactory

    return UserFactory(username="secadmin", full_name="安全管理员", is_security_admin=True)


@pytest.fixture
def audit_admin(db):
    from tests.factories import UserFactory

    return UserFactory(username="auditor", full_name="审计管理员", is_audit_admin=True)


@pytest.fixture
def unit(db):
    from tests.factories import UnitFactory

    return UnitFactory(name="罗店镇")


@pytest.fixture
def other_unit(db):
    from tests.factories import UnitFactory

    return UnitFactory(name="区财政局", kind="bureau")


@pytest.fixture
def secretary(unit):
    from tests.factories import SecretaryFactory

    return SecretaryFactory(username="secretary", secretary_of=unit)


@pytest.fixture
def other_secretary(other_unit):
    from tests.factories import SecretaryFactory

    return SecretaryFactory(username="other_secretary", secretary_of=other_unit)


@pytest.fixture
def candidate(db):
    from tests.factories import CandidateUserFactory

    return CandidateUserFactory(username="candidate")


@pytest.fixture
def outsider(db):
    from tests.factories import UserFactory

    return UserFactory(username="outsider")


@pytest.fixture
def campaign(db):
    from tests.factories import CampaignFactory

    return CampaignFactory(name="2004年统一竞岗")


@pytest.fixture
def open_round(campaign):
    from tests.factories import RoundFactory

    return RoundFactory(campaign=campaign, number=1)
