"""How the documents write dates and the like (Chinese official style, whatever the interface language)."""

import datetime


def cn_date(day: datetime.date | datetime.datetime | None) -> str:
    """2026年5月8日; empty for no date."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(day: datetime.date | None) -> str:
    """1985年3月, as the forms give birth dates, party membership and work start; empty for no date."""
    return f"{day.year}年{day.month}月" if day else ""


def age_on(birth: datetime.date | None, day: datetime.date) -> int | str:
    if birth is None:
        return ""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
