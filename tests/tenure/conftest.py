import datetime

import factory
import pytest

from competition.models.units import Level
from tenure.models import Term
from tests.factories import PersonFactory, PositionFactory, UnitFactory


class TermFactory(factory.django.DjangoModelFactory):
    """A current section-chief term, imported (no campaign)."""

    class Meta:
        model = Term

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    position = factory.LazyAttribute(lambda t: PositionFactory(unit=t.unit, level=Level.SECTION))
    origin = Term.Origin.IMPORT
    start = datetime.date(2024, 1, 10)
    end = datetime.date(2028, 12, 31)
    status = Term.Status.SERVING


@pytest.fixture
def term(unit):
    return TermFactory(unit=unit)


@pytest.fixture
def other_term(other_unit):
    return TermFactory(unit=other_unit)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 on every persona made these tests slow; the hasher is not what they test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
