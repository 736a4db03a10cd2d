"""Excel exports: the statistics workbook (small, formatted) and the large lists (streamed, write-only).

Every cell goes through ``competition.excel.safe_cell`` so that text typed by a user is never read as a
formula. The large lists iterate the database in chunks and write with openpyxl's write-only mode, so memory
does not grow with the number of rows (bench/reports_scale.py measures it).
"""

from collections.abc import Callable
from typing import IO, Any

from django.db.models import F
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from competition.excel import safe_cell
from competition.models import Application, Campaign, Education, NominationSource, Person, Rank, Sex, Unit
from core.sealed import mask_id_number, unseal
from tenure.models import Term

from .statistics import campaign_statistics

PROGRESS_EVERY = 1000
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F8D7DA")


def _statistics_rows(stats):
    """(label, value) pairs in the order of the report."""
    a, cohort = stats["appointees"], stats["cohort"]
    contested = stats["most_contested_post"] or {}
    rows = [
        (_("Campaign"), stats["campaign"]["name"]),
        (_("Unit"), stats["unit"] or _("All units")),
        (_("Units releasing posts"), stats["units_releasing_posts"]),
        (_("Posts released"), stats["posts_released"]),
        (_("Share of approved section-chief posts"), stats["posts_share_of_quota"]),
        (_("Registrations (person-times)"), stats["registrations"]),
        (_("Written exam: sat"), stats["written_exam"]["sat"]),
        (_("Written exam: absent"), stats["written_exam"]["absent"]),
        (_("Written exam: passed"), stats["written_exam"]["passed"]),
        (_("Written exam: pass rate"), stats["written_exam"]["pass_rate"]),
        (_("Interview sessions"), stats["interview_sessions"]),
        (_("Interviewed (person-times)"), stats["interviewed"]),
        (_("Appointed"), stats["appointed"]),
        (_("Places released"), stats["places_released"]),
        (_("Posts appointed"), stats["posts_appointed"]),
        (_("Substitutions"), stats["substitutions"]),
        (_("Exceptions asked"), stats["exceptions"]["requested"]),
        (_("Exceptions approved"), stats["exceptions"]["approved"]),
        (_("Still in progress"), stats["in_progress"]),
        (_("Moved to internal competition"), stats["moved_to_internal"]),
        (_("Failed"), stats["failed"]),
        (_("Registrations per post"), stats["registrations_per_post"]),
        (_("Most contested post"), " ".join(filter(None, [contested.get("unit"), contested.get("post")]))),
        (_("Its registrations"), contested.get("registrations")),
        (_("Registrations from other units"), stats["outside_unit_registrations"]),
        (_("Share from other units"), stats["outside_unit_share"]),
        *[
            (_("Registrations by %(source)s") % {"source": NominationSource(source).label}, count)
            for source, count in stats["nominations"].items()
        ],
        (_("Repeat candidates"), stats["repeat_candidates"]),
        (_("Repeat candidates appointed"), stats["repeat_candidates_appointed"]),
        (_("Appointees"), a["count"]),
        (_("Average age"), a["average_age"]),
        (_("Under 35"), a["under_35"]),
        (_("Share under 35"), a["under_35_share"]),
        (_("Youngest"), a["youngest_age"]),
        (_("Women"), a["women"]),
        (_("Share of women"), a["women_share"]),
        (_("Junior college"), a["junior_college"]),
        (_("Bachelor or above"), a["bachelor_or_above"]),
        (_("Promoted"), a["promoted"]),
        (_("Promoted from deputy-section leadership posts"), a["promoted_from_deputy"]),
        (_("Promoted from non-leadership positions"), a["promoted_from_non_leadership"]),
        (_("Exceptional promotions from staff member"), a["exceptional_promotions"]),
        (_("Exchanged within the unit"), a["exchanged_within_unit"]),
        (_("Exchanged across units"), a["exchanged_across_units"]),
    ]
    for key, label in (("before", _("before the campaign")), ("after", _("after the campaign"))):
        c = cohort[key] or {}
        rows += [
            (_("Section-chief leaders %(when)s") % {"when": label}, c.get("count")),
            (_("Their average age"), c.get("average_age")),
            (_("Their share with bachelor or above"), c.get("bachelor_or_above_share")),
        ]
    return rows


def write_statistics_workbook(stats: dict[str, Any], stream: IO[bytes]) -> None:
    """The statistics as a formatted two-column workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistics")
    sheet.append([_("Figure"), _("Value")])
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for label, value in _statistics_rows(stats):
        sheet.append([safe_cell(str(label)), safe_cell(value)])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(horizontal="right")
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 28
    sheet.freeze_panes = "A2"
    workbook.save(stream)


def statistics_workbook(campaign: Campaign, stream: IO[bytes], unit: Unit | None = None) -> None:
    write_statistics_workbook(campaign_statistics(campaign, unit), stream)


# The large lists: headers and a values queryset, scoped to what the requester may see.
def _roster(campaign, unit):
    people = Person.objects.order_by("pk")
    if unit is not None:
        people = people.filter(current_unit=unit)
    return (
        [_("ID number"), _("Name"), _("Sex"), _("Birth date"), _("Education"), _("Unit"), _("Position"), _("Rank"), _("Leadership")],
        people.values_list(
            "id_number_sealed", "name", "sex", "birth_date", "education", "current_unit__name", "current_position", "rank", "is_leadership"
        ),
    )


def _results(campaign, unit):
    applications = Application.objects.order_by("pk")
    if campaign is not None:
        applications = applications.filter(post__campaign=campaign)
    if unit is not None:
        applications = applications.filter(post__unit=unit)
    return (
        [_("Campaign"), _("Round"), _("Unit"), _("Post"), _("ID number"), _("Name"), _("From another unit"), _("Status"), _("Outcome"), _("Outcome date")],
        applications.values_list(
            "post__campaign__name", "round__number", "post__unit__name", "post__title", "person__id_number_sealed",
            "person__name", "from_other_unit", "status", "outcome", "outcome_on",
        ),
    )


def _terms(campaign, unit):
    terms = Term.objects.order_by("pk")
    if unit is not None:
        terms = terms.filter(unit=unit)
    return (
        [_("ID number"), _("Name"), _("Unit"), _("Position"), _("Origin"), _("Start"), _("Scheduled end"), _("Ended on"), _("Reason for ending")],
        terms.values_list(
            "person__id_number_sealed", "person__name", "unit__name", F("position__title"), "origin", "start", "end", "ended_on", "end_reason"
        ),
    )


LISTS = {"roster": _roster, "results": _results, "terms": _terms}
# The column holding the sealed ID number, written masked (PIPL: an export shows no more than a page does).
SEALED_ID_NUMBER_COLUMN = {"roster": 0, "results": 4, "terms": 0}


# Columns holding a choice code, shown by their label: {list: {column index: choices}}.
def _labels(kind):
    yes_no = {True: _("Yes"), False: _("No")}
    choices = {
        "roster": {2: Sex.choices, 4: Education.choices, 7: Rank.choices, 8: yes_no},
        "results": {6: yes_no, 7: Application.Status.choices, 8: Application.Outcome.choices},
        "terms": {4: Term.Origin.choices},
    }[kind]
    return {index: {k: str(v) for k, v in (c.items() if isinstance(c, dict) else c)} for index, c in choices.items()}


def write_list(
    kind: str,
    stream: IO[bytes],
    *,
    campaign: Campaign | None = None,
    unit: Unit | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Stream one of the large lists into ``stream`` (write-only mode); ``progress(done, total)`` now and then."""
    headers, rows = LISTS[kind](campaign, unit)
    labels = _labels(kind)
    masked = SEALED_ID_NUMBER_COLUMN[kind]
    total = rows.count()
    if progress:
        progress(0, total)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    sheet.append([str(h) for h in headers])
    done = 0
    for row in rows.iterator(chunk_size=2000):
        row = list(row)
        row[masked] = mask_id_number(unseal(row[masked])) if row[masked] else ""
        sheet.append([safe_cell(labels[i].get(v, v) if i in labels else v) for i, v in enumerate(row)])
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    workbook.save(stream)
    if progress:
        progress(done, total)
    return done
