import datetime

import pytest

from competition.models.units import Level
from tenure.services import term_flags
from tests.factories import PersonFactory, PositionFactory
from tests.tenure.conftest import TermFactory

END = datetime.date(2028, 12, 31)


def codes(term):
    return {flag.code for flag in term_flags(term)}


def person_born(day, **kwargs):
    return PersonFactory(birth_date=day, rank_since=datetime.date(2020, 1, 1), **kwargs)


def test_the_maximum_age_reached_the_day_before_the_terms_end_is_flagged(unit):
    term = TermFactory(unit=unit, end=END, person=person_born(datetime.date(1968, 12, 30)))
    assert "max_age" in codes(term)


def test_the_maximum_age_reached_on_the_terms_last_day_is_flagged(unit):
    term = TermFactory(unit=unit, end=END, person=person_born(datetime.date(1968, 12, 31)))
    assert "max_age" in codes(term)


def test_the_maximum_age_reached_the_day_after_the_terms_end_is_not_flagged(unit):
    term = TermFactory(unit=unit, end=END, person=person_born(datetime.date(1969, 1, 1)))
    assert "max_age" not in codes(term)


def test_the_maximum_age_is_configurable_per_sex(unit, settings):
    settings.TENURE_MAX_AGE_BY_SEX = {"F": 55}
    woman = person_born(datetime.date(1973, 12, 30), sex="F")
    man = person_born(datetime.date(1973, 12, 30), sex="M")
    assert "max_age" in codes(TermFactory(unit=unit, end=END, person=woman))
    assert "max_age" not in codes(TermFactory(unit=unit, end=END, person=man))


def test_a_third_consecutive_term_in_the_same_post_is_flagged(unit):
    person = person_born(datetime.date(1980, 5, 5))
    position = PositionFactory(unit=unit, title="综治办主任")
    first = TermFactory(unit=unit, person=person, position=position, start=datetime.date(2014, 1, 1),
                        end=datetime.date(2018, 12, 31), ended_on=datetime.date(2018, 12, 31), status="ended")
    second = TermFactory(unit=unit, person=person, position=position, start=datetime.date(2019, 1, 1),
                         end=datetime.date(2023, 12, 31), ended_on=datetime.date(2023, 12, 31), status="ended")
    third = TermFactory(unit=unit, person=person, position=position, start=datetime.date(2024, 1, 1), end=END)
    assert "consecutive" not in codes(first)
    assert "consecutive" not in codes(second)
    assert "consecutive" in codes(third)


def test_a_term_elsewhere_in_between_breaks_the_run(unit):
    person = person_born(datetime.date(1980, 5, 5))
    position = PositionFactory(unit=unit, title="综治办主任")
    TermFactory(unit=unit, person=person, position=position, start=datetime.date(2009, 1, 1),
                end=datetime.date(2013, 12, 31), status="ended", ended_on=datetime.date(2013, 12, 31))
    TermFactory(unit=unit, person=person, start=datetime.date(2014, 1, 1),
                end=datetime.date(2018, 12, 31), status="ended", ended_on=datetime.date(2018, 12, 31))
    TermFactory(unit=unit, person=person, position=position, start=datetime.date(2019, 1, 1),
                end=datetime.date(2023, 12, 31), status="ended", ended_on=datetime.date(2023, 12, 31))
    third = TermFactory(unit=unit, person=person, position=position, start=datetime.date(2024, 1, 1), end=END)
    assert "consecutive" not in codes(third)


@pytest.mark.parametrize(
    "rank_since, flagged",
    [(datetime.date(2013, 12, 31), True), (datetime.date(2014, 1, 1), False)],
)
def test_fifteen_years_at_the_same_level_by_the_terms_end(unit, rank_since, flagged):
    person = PersonFactory(birth_date=datetime.date(1980, 5, 5), leadership_level="section", rank_since=rank_since)
    term = TermFactory(unit=unit, person=person, start=datetime.date(2024, 1, 1), end=datetime.date(2028, 12, 31))
    assert ("years_at_level" in codes(term)) is flagged


def test_years_at_the_level_count_earlier_terms_at_it(unit, settings):
    settings.TENURE_MAX_YEARS_AT_LEVEL = 10
    person = PersonFactory(birth_date=datetime.date(1980, 5, 5), leadership_level="section", rank_since=datetime.date(2023, 1, 1))
    TermFactory(unit=unit, person=person, start=datetime.date(2018, 1, 1), end=datetime.date(2022, 12, 31),
                status="ended", ended_on=datetime.date(2022, 12, 31))
    term = TermFactory(unit=unit, person=person, start=datetime.date(2023, 1, 1), end=datetime.date(2028, 1, 1))
    assert "years_at_level" in codes(term)
    deputy = PositionFactory(unit=unit, title="副镇长", level=Level.DEPUTY_SECTION)
    other = TermFactory(unit=unit, person=PersonFactory(leadership_level="deputy_section", rank_since=datetime.date(2020, 1, 1)), position=deputy,
                        start=datetime.date(2023, 1, 1), end=datetime.date(2028, 1, 1))
    assert "years_at_level" not in codes(other)


def test_the_flags_of_many_terms_take_the_same_queries_as_of_one_and_agree_with_each_terms_own(
    unit, django_assert_max_num_queries
):
    """The flags page and the roster read every term-holder's history in one query (issue 19: 20,000 terms)."""
    from tenure.models import Term
    from tenure.services import flagged_terms

    def third_term_of(person):
        position = PositionFactory(unit=unit)
        for start in (2014, 2019):
            TermFactory(unit=unit, person=person, position=position, start=datetime.date(start, 1, 1),
                        end=datetime.date(start + 4, 12, 31), status="ended", ended_on=datetime.date(start + 4, 12, 31))
        return TermFactory(unit=unit, person=person, position=position, start=datetime.date(2024, 1, 1), end=END)

    third_term_of(person_born(datetime.date(1980, 5, 5)))
    with django_assert_max_num_queries(2):
        one = flagged_terms(Term.objects.filter(unit=unit))
    for i in range(4):
        third_term_of(person_born(datetime.date(1968, 1, 1 + i)))  # also reaching the maximum age
    with django_assert_max_num_queries(2):
        five = flagged_terms(Term.objects.filter(unit=unit))
    assert len(one) == 1 and len(five) == 5
    assert {term.pk: {f.code for f in flags} for term, flags in five} == {term.pk: codes(term) for term, _ in five}
    assert all("consecutive" in {f.code for f in flags} for _, flags in five)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_databases_first_cut_keeps_every_flagged_term(unit, settings, seed):
    """flagged_terms lets the database drop the terms that cannot raise a flag; on histories drawn around the limits
    (ages, years at the level, runs in one position, 29 February) it must find exactly what term_flags finds term by
    term. Breaking the cut (a year taken as 366 days, a run needing two earlier terms) makes this fail."""
    import random

    from tenure.models import Term
    from tenure.services import flagged_terms

    settings.TENURE_MAX_AGE_BY_SEX = {"F": 55}
    rng = random.Random(seed)
    positions = [PositionFactory(unit=unit, level=level) for level in (Level.SECTION, Level.SECTION, Level.DEPUTY_SECTION)]
    near = [-400, -2, -1, 0, 1, 2, 400]  # days around a limit
    for _person in range(40):
        end = datetime.date(2028, 2, 28) + datetime.timedelta(days=rng.choice([0, 1, 2, 700]))
        sex = rng.choice(["F", "M"])
        limit_age = 55 if sex == "F" else 60
        birth = end - datetime.timedelta(days=365 * limit_age + (limit_age // 4) + rng.choice(near))
        if rng.random() < 0.2:
            birth = datetime.date(1968 if sex == "M" else 1972, 2, 29)
        years_ago = end - datetime.timedelta(days=365 * 15 + 3 + rng.choice(near))
        person = PersonFactory(birth_date=birth, sex=sex, leadership_level=rng.choice(["section", "deputy_section"]),
                               rank_since=rng.choice([None, years_ago, datetime.date(2024, 1, 1)]))
        start = rng.choice([years_ago, datetime.date(2010, 1, 1), datetime.date(2016, 3, 1)])
        for _ in range(rng.randint(0, 3)):
            length = rng.choice([365 * 3, 365 * 5])
            TermFactory(unit=unit, person=person, position=rng.choice(positions), start=start,
                        end=start + datetime.timedelta(days=length), status="ended",
                        ended_on=start + datetime.timedelta(days=length))
            start += datetime.timedelta(days=length + 1)
        TermFactory(unit=unit, person=person, position=rng.choice(positions), start=min(start, end - datetime.timedelta(days=365)), end=end)
    by_each = {term.pk: codes(term) for term in Term.objects.current()}
    by_page = {term.pk: {flag.code for flag in flags} for term, flags in flagged_terms(Term.objects.all())}
    assert by_page == {pk: found for pk, found in by_each.items() if found}
    assert 5 < len(by_page) < len(by_each)  # the draw tries both sides of the limits
