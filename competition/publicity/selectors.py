"""Step 7's reads for its pages: the notice as printed and shown, and the notices on show."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from competition.models import Education, Publicity, Sex
from competition.publicity.services import publicity_period


@dataclass(frozen=True)
class Particulars:
    """The candidate's particulars as the notice shows them (the template reads them like a Person)."""

    name: str
    sex: str
    birth_date: datetime.date
    education: str
    unit_display: str
    current_position: str
    post_unit: str
    post_title: str

    def get_sex_display(self) -> str:
        return str(Sex(self.sex).label) if self.sex in Sex.values else self.sex

    def get_education_display(self) -> str:
        return str(Education(self.education).label) if self.education in Education.values else self.education


def particulars(notice: Publicity) -> Particulars:
    """The notice's particulars: those fixed at approval; the live profile only for a draft (not yet approved)."""
    fixed = notice.particulars
    if fixed:
        return Particulars(
            name=fixed["name"], sex=fixed["sex"], birth_date=datetime.date.fromisoformat(fixed["birth_date"]),
            education=fixed["education"], unit_display=fixed["unit"], current_position=fixed["position"],
            post_unit=fixed["post_unit"], post_title=fixed["post_title"],
        )  # fmt: skip
    person = notice.application.person
    return Particulars(
        name=person.name, sex=person.sex, birth_date=person.birth_date, education=person.education,
        unit_display=person.unit_display, current_position=person.current_position,
        post_unit=notice.post.unit.name, post_title=notice.post.title,
    )  # fmt: skip


def notice_context(notice: Publicity, today: datetime.date) -> dict[str, Any]:
    """What the notice's templates show; a notice not yet approved shows the period it would have from ``today``."""
    start, end = notice.start_date, notice.end_date
    if start is None:
        start, end = publicity_period(today, notice.working_days)
    return {"notice": notice, "person": particulars(notice), "application": notice.application, "start": start, "end": end}


def notices_on_show(today: datetime.date) -> QuerySet[Publicity]:
    return Publicity.objects.on_show(today).select_related("application__person", "post__unit")
