"""Working days: China's public holidays and adjusted working days, office overrides, the stated fallback."""

import datetime

import pytest

from competition.models import WorkdayOverride
from competition.workdays import add_working_days, is_working_day, library_covers, working_days_between

pytestmark = pytest.mark.django_db
D = datetime.date


def test_five_working_days_from_26_september_2025_end_after_national_day_on_9_october():
    # 28 September 2025 is a working Sunday; 1–8 October is the National Day and Mid-Autumn holiday.
    assert is_working_day(D(2025, 9, 28))
    assert not is_working_day(D(2025, 10, 8))
    assert add_working_days(D(2025, 9, 26), 5) == D(2025, 10, 9)


def test_five_working_days_from_12_february_2026_end_after_the_spring_festival_on_25_february():
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 25)


def test_an_office_override_moves_an_end_date():
    assert add_working_days(D(2025, 6, 9), 5) == D(2025, 6, 13)
    WorkdayOverride.objects.create(date=D(2025, 6, 11), is_working_day=False, note="local holiday")
    assert add_working_days(D(2025, 6, 9), 5) == D(2025, 6, 16)
    WorkdayOverride.objects.create(date=D(2025, 6, 14), is_working_day=True, note="adjusted Saturday")
    assert add_working_days(D(2025, 6, 9), 5) == D(2025, 6, 14)


def test_a_year_the_library_does_not_cover_takes_the_stated_fallback_without_a_crash():
    assert not library_covers(D(2027, 9, 29))
    # Wednesday 29 September 2027: Thu 30 Sep, then 1–3 October are fixed holidays (the 2nd and 3rd a weekend).
    assert add_working_days(D(2027, 9, 29), 5) == D(2027, 10, 6)
    assert not is_working_day(D(2027, 1, 1))
    assert is_working_day(D(2027, 2, 8))  # Spring Festival 2027 is not known until the office enters it


def test_overrides_also_apply_in_a_fallback_year():
    WorkdayOverride.objects.create(date=D(2027, 2, 8), is_working_day=False, note="春节")
    assert not is_working_day(D(2027, 2, 8))
    assert working_days_between(D(2027, 2, 8), D(2027, 2, 12)) == 4


def test_the_start_day_counts_only_when_it_is_a_working_day():
    assert add_working_days(D(2025, 10, 4), 1) == D(2025, 10, 9)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 10, 4), 0)
