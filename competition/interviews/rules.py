"""Step 4's pure rules: no database, no request. The refusal (``InterviewError``), reading a score and a dimension
list, the interview score (trimmed mean), an examiner's weighted total, the lot draw. The combined score and the
ranking with its ties are competition.ranking's."""

import random
import secrets
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.exceptions import ActionRefused

THOUSANDTH = Decimal("0.001")
HUNDREDTH = Decimal("0.01")

Number = Decimal | int | float | str


class InterviewError(ActionRefused):
    """An interview action that cannot happen now; the message is for the user."""


def parse_score(raw: object) -> Decimal:
    """A score 0–100 with at most two decimals, or InterviewError."""
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise InterviewError(_("Enter a number from 0 to 100.")) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise InterviewError(_("Enter a number from 0 to 100."))
    if value != value.quantize(HUNDREDTH):
        raise InterviewError(_("At most two decimal places."))
    return value.quantize(HUNDREDTH)


def parse_dimensions(text: str) -> list[tuple[str, int]]:
    """``[(name, weight)]`` from lines like “综合分析 30”; InterviewError naming the bad line."""
    dimensions: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, raw_weight = line.strip().rpartition(" ")
        try:
            weight = int(raw_weight)
        except ValueError:
            weight = 0
        if not name.strip() or not 1 <= weight <= 100 or len(name.strip()) > 50:
            raise InterviewError(_("Line %(n)s: write a name, a space and a weight from 1 to 100.") % {"n": number})
        if name.strip() in [d[0] for d in dimensions]:
            raise InterviewError(_("Line %(n)s: this dimension appears twice.") % {"n": number})
        dimensions.append((name.strip(), weight))
    return dimensions


def trimmed_mean(scores: Iterable[Number], trim_each_end: int = 1, quantum: Decimal = THOUSANDTH) -> Decimal | None:
    """The mean of ``scores`` after dropping ``trim_each_end`` highest and as many lowest.

    Scores are dropped only when at least 5 remain to count from (a recused examiner's score is simply
    absent from ``scores``) and something is left after dropping. Returns a Decimal to 3 places (or to ``quantum``,
    rounded half up once from the exact mean), or None.
    """
    values = sorted(Decimal(str(s)) for s in scores)
    if not values:
        return None
    k = trim_each_end if len(values) >= 5 and len(values) > 2 * trim_each_end else 0
    kept = values[k : len(values) - k]
    return (sum(kept) / len(kept)).quantize(quantum, rounding=ROUND_HALF_UP)


def weighted_total(parts: Iterable[tuple[Number, int]]) -> Decimal | None:
    """An examiner's total from per-dimension scores ``[(value, weight)]``: the weighted mean, to 2 places."""
    pairs = [(Decimal(str(value)), int(weight)) for value, weight in parts]
    weights = sum(weight for _value, weight in pairs)
    if not pairs or weights <= 0:
        return None
    total = sum(value * weight for value, weight in pairs) / weights
    return total.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def new_seed() -> str:
    """A fresh seed for a lot draw, recorded with the session so that anyone can replay it."""
    return secrets.token_hex(16)


def draw_order(seed: str, application_ids: Iterable[int]) -> list[int]:
    """The drawn order of the applications: a shuffle fully determined by ``seed`` (reproducible)."""
    ids = sorted(application_ids)
    random.Random(seed).shuffle(ids)
    return ids
