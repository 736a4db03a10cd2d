"""Working days in China: the one place that decides whether a day is a working day.

Order of authority for a day:
1. an office override (``WorkdayOverride``), for a year's State Council notice or a local change;
2. the ``chinesecalendar`` library, which knows public holidays and adjusted working days (调休) for
   the years it covers (2004–2026 in the installed version);
3. the stated fallback for years it does not cover yet: Monday to Friday are working days, except the
   fixed-date statutory holidays (1 January, 1 May, 1–3 October). Lunar holidays (Spring Festival,
   Qingming, Dragon Boat, Mid-Autumn) and adjusted working days of such a year are not known until the
   State Council publishes them: the office enters them as overrides.
"""

import datetime
import logging

import chinese_calendar

log = logging.getLogger(__name__)

FALLBACK_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}


def _overrides(start, end):
    from competition.models import WorkdayOverride

    return dict(WorkdayOverride.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def library_covers(day: datetime.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def _calendar_says(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and (day.month, day.day) not in FALLBACK_HOLIDAYS


def is_working_day(day: datetime.date) -> bool:
    override = _overrides(day, day).get(day)
    return override if override is not None else _calendar_says(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` working days that starts on ``start``.

    ``start`` counts as the first day if it is a working day: 5 working days from Friday 2025-09-26 end on
    2025-10-09 (28 September is a working Sunday, 1–8 October the National Day holiday).
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    # Look far enough ahead for the longest holiday (Spring Festival: 8–9 days) and weekends.
    horizon = start + datetime.timedelta(days=days * 2 + 30)
    overrides = _overrides(start, horizon)
    day, counted = start, 0
    while True:
        working = overrides.get(day)
        if working is None:
            working = _calendar_says(day)
        if working:
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)
        if day > horizon:
            horizon = day + datetime.timedelta(days=60)
            overrides.update(_overrides(day, horizon))


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie in [start, end]."""
    overrides = _overrides(start, end)
    count, day = 0, start
    while day <= end:
        working = overrides.get(day)
        if working is None:
            working = _calendar_says(day)
        count += bool(working)
        day += datetime.timedelta(days=1)
    return count


def working_days_ahead(today: datetime.date, days: int) -> datetime.date:
    """The last day of the next ``days`` working days after ``today`` (``today`` itself if ``days`` is 0): how far
    ahead a reminder rule counted in working days looks."""
    if days < 1:
        return today
    return add_working_days(today + datetime.timedelta(days=1), days)
