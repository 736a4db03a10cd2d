"""Step 7's reads for its pages: the notice as printed and shown, and the notices on show."""

import datetime
from dataclasses import dataclass
from typing import Any

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
    """What the notice's templates show: every candidate on the post's notice (``people``, in rank order); a notice
    not yet approved shows the period it would have from ``today``. On the public page only the candidates still on
    show are listed (one stopped by an objection is taken off)."""
    start, end = notice.start_date, notice.end_date
    if start is None:
        start, end = publicity_period(today, notice.working_days)
    rows = list(notice.notice_rows())
    if notice.status == Publicity.Status.PUBLISHED:
        rows = [row for row in rows if row.status == Publicity.Status.PUBLISHED] or [notice]
    return {
        "notice": notice,
        "rows": rows,
        "people": [particulars(row) for row in rows],
        "person": particulars(notice),
        "application": notice.application,
        "start": start,
        "end": end,
    }


def notices_on_show(today: datetime.date) -> list[dict[str, Any]]:
    """The notices on the public page, one per post's notice, with the names of the candidates on it."""
    notices: dict[tuple[int, int], dict[str, Any]] = {}
    rows = Publicity.objects.on_show(today).select_related("application__person", "post__unit").order_by("start_date", "pk")
    for row in rows:
        entry = notices.setdefault(
            (row.post_id, row.notice_no),
            {"pk": row.pk, "post_unit": row.particulars.get("post_unit"), "post_title": row.particulars.get("post_title"),
             "start_date": row.start_date, "end_date": row.end_date, "names": []},
        )  # fmt: skip
        entry["names"].append(row.particulars.get("name"))
    return [{**entry, "names": "、".join(entry["names"])} for entry in notices.values()]
