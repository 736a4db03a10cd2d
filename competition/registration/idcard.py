"""Resident ID numbers (居民身份证号码, GB 11643-1999): validation and what the number tells.

Pure functions: no database, no settings. The profile form and the imports call ``parse_id_number``.
"""

import datetime
import unicodedata
from dataclasses import dataclass

# Marks the messages for the translation catalogue; callers translate them when they show them.
from django.utils.translation import gettext_noop

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# The first two digits: a province-level division (GB/T 2260), or 81/82/83 on the residence permits of Hong Kong,
# Macao and Taiwan residents, which carry the same number.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
})
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


class IdNumberError(ValueError):
    """The number is not a valid 18-character resident ID number; the message says why (in English)."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F", as competition.models.Sex


def check_character(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return CHECK_CHARACTERS[sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS)) % 11]


def parse_id_number(value: str | None, *, today: datetime.date | None = None) -> IdNumber:
    """Return the normalised number (full-width characters become ASCII, a lowercase x becomes X) with its birth date
    and sex, or raise IdNumberError."""
    number = unicodedata.normalize("NFKC", value or "").strip().upper()
    if len(number) != 18:
        raise IdNumberError(gettext_noop("An ID number has 18 characters."))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(gettext_noop("An ID number is 17 digits followed by a digit or X."))
    if not number.isascii():
        raise IdNumberError(gettext_noop("An ID number is 17 digits followed by a digit or X."))
    if number[:2] not in PROVINCE_CODES:
        raise IdNumberError(gettext_noop("The first two digits of the ID number are not a province code."))
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(gettext_noop("The birth date in the ID number does not exist.")) from None
    if birth_date < EARLIEST_BIRTH or birth_date > (today or datetime.date.today()):
        raise IdNumberError(gettext_noop("The birth date in the ID number is not possible."))
    if number[17] != check_character(number[:17]):
        raise IdNumberError(gettext_noop("The check character of the ID number is wrong."))
    # The 17th digit (sequence code) is odd for men, even for women.
    sex = "M" if int(number[16]) % 2 else "F"
    return IdNumber(number=number, birth_date=birth_date, sex=sex)
