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


@pytest.fixture
def office(db):
    from tests.factories import OfficeUserFactory

    return OfficeUserFactory(username="office", full_name="竞岗办")


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
