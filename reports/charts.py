"""Server-rendered SVG bar charts: geometry computed here, drawn by templates/reports/_bar_chart.html.

No chart library and no script: the charts print as they show, and the Content-Security-Policy stays strict.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from competition.models import Application, Education, Post

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 150
BAR_AREA = 260
WIDTH = LABEL_WIDTH + BAR_AREA + 50


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int


def bar_chart(title: str, items: list[tuple[str, int | float | None]]) -> dict[str, Any]:
    """A horizontal bar chart of ``items`` = [(label, value)]."""
    top = max((value or 0 for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(Bar(str(label), value or 0, y, round(BAR_AREA * (value or 0) / top), y + BAR_HEIGHT - 6))
    return {
        "title": title,
        "bars": bars,
        "height": max(len(items), 1) * (BAR_HEIGHT + GAP),
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def _band_label(low, high):
    return f"{low}+" if high >= 200 or high >= 10_000 else (f"{low}" if high == low + 1 else f"{low}–{high - 1}")


def dashboard_charts(stats: dict[str, Any]) -> list[dict[str, Any]]:
    from .statistics import AGE_BANDS, REGISTRATION_BANDS

    charts = stats["charts"]
    ages = [
        (_("under 30") if low == 0 else _band_label(low, high), charts["age_histogram"][str(low)]) for low, high in AGE_BANDS
    ]
    appointees = stats["appointees"]
    education = [
        (Education.JUNIOR_COLLEGE.label, appointees["junior_college"]),
        (_("Bachelor or above"), appointees["bachelor_or_above"]),
    ]
    registrations = [(_band_label(low, high), charts["registrations_histogram"][f"r{low}"]) for low, high in REGISTRATION_BANDS]
    statuses = [(Post.Status(s).label, n) for s, n in sorted(charts["posts_by_status"].items(), key=lambda i: list(Post.Status.values).index(i[0]))]
    outcomes = [
        (Application.Outcome(o).label, charts["outcomes"][o]) for o in Application.Outcome.values if o in charts["outcomes"]
    ]
    return [
        bar_chart(_("Appointees by age"), ages),
        bar_chart(_("Appointees by education"), education),
        bar_chart(_("Posts by number of registrations"), registrations),
        bar_chart(_("Posts by step reached"), statuses),
        bar_chart(_("Registrations by outcome"), outcomes),
    ]
