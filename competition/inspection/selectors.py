"""Step 6's reads for its pages: how to give views by default (the issuing bodies' reporting channels), what the
profile says of each item of the file review, the evaluation's result to start from, the notices on show."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from competition.evaluation.services import evaluation_results
from competition.inspection.rules import checklist_missing, discrepancies, serving_members
from competition.models import Evaluation, FileReviewItem, Inspection, InspectionNotice, IssuerSettings, Post, Rating
from core import dates


def default_contact() -> str:
    """How to give views, one channel a line, from the issuing bodies' settings (competition.documents)."""
    issuer = IssuerSettings.current()
    lines = [
        (_("Telephone"), issuer.report_phone),
        (_("Reporting line"), issuer.report_line),
        (_("Reporting website"), issuer.report_website),
        (_("Letters"), f"{issuer.letters_address}{'（' + issuer.letters_postcode + '）' if issuer.letters_postcode else ''}"
         if issuer.letters_address else ""),
        (_("Visits"), f"{issuer.visits_address}{'（' + issuer.visits_hours + '）' if issuer.visits_hours else ''}"
         if issuer.visits_address else ""),
    ]  # fmt: skip
    text = "\n".join(f"{label}：{value}" for label, value in lines if value)
    if issuer.department_name:
        text = _("Views may be given to %(department)s:") % {"department": issuer.department_name} + "\n" + text
    return text


def on_record(inspection: Inspection) -> dict[str, str]:
    """What the candidate's profile says of each item of the file review, for the team to compare with the file."""
    person = inspection.application.person
    history = "；".join(
        f"{entry.start:%Y-%m} {entry.organisation} {entry.position}" for entry in person.work_history.order_by("start")
    )
    education = person.get_education_display()
    if person.fulltime_school or person.inservice_school:
        education += f"（{person.fulltime_school or person.inservice_school}）"
    return {
        FileReviewItem.Item.BIRTH_DATE: dates.day(person.birth_date),
        FileReviewItem.Item.WORK_START: dates.day(person.work_started),
        FileReviewItem.Item.PARTY_DATE: dates.day(person.political_status_since),
        FileReviewItem.Item.EDUCATION: education,
        FileReviewItem.Item.WORK_HISTORY: history,
        FileReviewItem.Item.IDENTITY: " ".join(filter(None, [person.standing_display(), person.current_position])),
    }


def evaluation_result_of(inspection: Inspection) -> str:
    """The candidate's result in the post's democratic evaluation, as a line the team may start from."""
    evaluation = Evaluation.objects.filter(post_id=inspection.post_id).select_related("post__campaign").first()
    if evaluation is None or evaluation.is_open:
        return ""
    results = evaluation_results(evaluation)
    for row in results["rows"]:
        if row["candidate"].application_id == inspection.application_id:
            counts = "，".join(f"{label}{n}" for label, n in zip(Rating.labels, row["counts"]))
            return _("%(cast)s ballots: %(counts)s; %(approving)s competent or better") % {
                "cast": results["cast"], "counts": counts, "approving": row["approving"],
            }  # fmt: skip
    return ""


def inspection_rows(post: Post) -> list[dict[str, Any]]:
    """The post's inspections for its panel and record: each with its team, recusals, what the checklist lacks."""
    rows = []
    inspections = (
        post.inspections.select_related("application__person", "notice")
        .prefetch_related("team_members__inspector", "file_review")
        .order_by("pk")
    )
    for inspection in inspections:
        legacy = inspection.notice_id is None
        rows.append(
            {
                "inspection": inspection,
                "team": serving_members(inspection),
                "recused": [m for m in inspection.team_members.all() if m.recused],
                "missing": [] if legacy else checklist_missing(inspection),
                "found": [] if legacy else discrepancies(inspection),
            }
        )
    return rows


def notices_on_show(day: datetime.date) -> list[InspectionNotice]:
    return list(InspectionNotice.objects.on_show(day).order_by("published_on", "pk"))
