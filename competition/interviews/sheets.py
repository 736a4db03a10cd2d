"""Step 4, paper sessions: the score sheet (Excel) written for a session and read back whole, or refused with every
error (row and column) at once.

Only the template's one visible sheet (``SHEET_TITLE``) is read: a workbook with a hidden sheet or any other sheet is
refused, so what the office sees in Excel is all that is imported. A sheet never overwrites silently: a score already
entered (online or by an earlier sheet) that the sheet changes is refused, unless the office imports the sheet as a
correction with a reason; then each changed score gets its correction record and audit row, as online.
"""

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from accounts.models import User
from competition.excel import WorkbookRefused, bounded_rows, capped_errors, open_workbook, safe_cell
from competition.interviews.journal import lock_session_to_run, log_event
from competition.interviews.rules import InterviewError, parse_score
from competition.interviews.scoring import record_correction
from competition.interviews.selectors import recusals
from competition.models import Examiner, InterviewSession, Score

Status = InterviewSession.Status

EXAMINER_HEADER = re.compile(r"^#(\d+)\b")
FIRST_EXAMINER_COLUMN = 5  # A order, B application id, C candidate, D post
SHEET_TITLE = "scores"  # the template's only sheet, and the only one read back


def session_sheet(session: InterviewSession) -> bytes:
    """The session's score sheet (xlsx bytes): one row per present candidate, one column per examiner."""
    recused = recusals(session)
    examiners = list(session.examiners.order_by("pk"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    header = [_("Order"), _("Application ID"), _("Candidate"), _("Post")] + [f"#{e.pk} {e.name}" for e in examiners]
    sheet.append([safe_cell(str(cell)) for cell in header])
    grey = PatternFill("solid", fgColor="DDDDDD")
    for slot in session.slots.filter(absent=False).select_related("application__person", "application__post__unit").order_by("order", "pk"):
        application = slot.application
        row = [slot.order, application.pk, safe_cell(application.person.name), safe_cell(str(application.post))]
        row += [safe_cell(_("recused")) if (e.pk, application.pk) in recused else None for e in examiners]
        sheet.append(row)
        for offset, examiner in enumerate(examiners):
            if (examiner.pk, application.pk) in recused:
                sheet.cell(row=sheet.max_row, column=FIRST_EXAMINER_COLUMN + offset).fill = grey
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class SheetError:
    row: int | None
    column: str | None
    message: str


class SheetInvalid(InterviewError):
    """The sheet is refused as a whole; ``errors`` lists every wrong cell."""

    def __init__(self, errors: list[SheetError]) -> None:
        super().__init__(_("The sheet has errors; nothing was saved."))
        self.errors, self.more = capped_errors(errors)


def read_template_rows(file: IO[bytes], title: str = SHEET_TITLE) -> list[list[object]]:
    """The rows of the template's one visible sheet ``title``, within the import bounds; a workbook with hidden or
    extra sheets is refused whole (a hidden sheet could carry scores the office never saw). The written exam's mark
    sheet (competition.written.sheets) is read the same way."""
    try:
        workbook = open_workbook(file)
    except WorkbookRefused as refused:
        raise SheetInvalid([SheetError(None, None, str(refused))]) from None
    try:
        sheets = workbook.worksheets + list(getattr(workbook, "chartsheets", []))
        hidden = [sheet.title for sheet in sheets if getattr(sheet, "sheet_state", "visible") != "visible"]
        if hidden:
            raise SheetInvalid([SheetError(None, None, _(
                "The workbook has hidden sheets (%(names)s): only the template's sheet “%(title)s” may be in it. "
                "Delete the hidden sheets and upload again."
            ) % {"names": "、".join(hidden), "title": title})])  # fmt: skip
        if len(sheets) != 1 or sheets[0].title != title:
            raise SheetInvalid([SheetError(None, None, _(
                "The workbook must have exactly one sheet, “%(title)s”, as in the template; it has: %(names)s."
            ) % {"title": title, "names": "、".join(sheet.title for sheet in sheets)})])  # fmt: skip
        rows = [list(row) for row in bounded_rows(workbook.worksheets[0])]
    except SheetInvalid:
        raise
    except WorkbookRefused as refused:
        raise SheetInvalid([SheetError(None, None, str(refused))]) from None
    except Exception:  # openpyxl raises many kinds for a damaged sheet
        raise SheetInvalid([SheetError(None, None, _("This is not an Excel (.xlsx) file."))]) from None
    finally:
        workbook.close()
    return rows


def parse_sheet(session: InterviewSession, file: IO[bytes]) -> list[tuple[int, int, Decimal]]:
    """Validate the whole sheet; returns ``[(examiner_id, application_id, value)]`` or raises SheetInvalid."""
    rows = read_template_rows(file)
    errors = []
    if not rows:
        raise SheetInvalid([SheetError(1, None, _("The sheet is empty."))])
    examiner_ids = set(session.examiners.values_list("pk", flat=True))
    recused = recusals(session)
    columns = {}  # column index -> examiner id
    for index, cell in enumerate(rows[0][FIRST_EXAMINER_COLUMN - 1 :], start=FIRST_EXAMINER_COLUMN):
        if cell is None or str(cell).strip() == "":
            continue
        letter = get_column_letter(index)
        match = EXAMINER_HEADER.match(str(cell).strip())
        if not match or int(match.group(1)) not in examiner_ids:
            errors.append(SheetError(1, letter, _("Unknown examiner “%(cell)s”.") % {"cell": cell}))
        elif int(match.group(1)) in columns.values():
            errors.append(SheetError(1, letter, _("This examiner appears twice.")))
        else:
            columns[index] = int(match.group(1))
    missing_examiners = examiner_ids - set(columns.values())
    for examiner in Examiner.objects.filter(pk__in=missing_examiners):
        errors.append(SheetError(1, None, _("No column for examiner #%(id)s %(name)s.") % {"id": examiner.pk, "name": examiner.name}))

    present = set(session.slots.filter(absent=False).values_list("application_id", flat=True))
    seen = set()
    values = []
    for number, row in enumerate(rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        raw_id = row[1] if len(row) > 1 else None
        try:
            application_id = int(raw_id)
        except (TypeError, ValueError, OverflowError):  # OverflowError: a number too large for a float, read as infinity
            application_id = None
        if application_id is None or application_id not in present:
            errors.append(SheetError(number, "B", _("Unknown candidate “%(cell)s”.") % {"cell": raw_id if raw_id is not None else ""}))
            continue
        if application_id in seen:
            errors.append(SheetError(number, "B", _("This candidate appears twice.")))
            continue
        seen.add(application_id)
        for index, examiner_id in columns.items():
            letter = get_column_letter(index)
            cell = row[index - 1] if len(row) >= index else None
            is_number = isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool)
            if (examiner_id, application_id) in recused:
                if is_number:
                    errors.append(SheetError(number, letter, _("This examiner is recused for this candidate.")))
                continue
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                errors.append(SheetError(number, letter, _("The score is missing.")))
                continue
            try:
                value = parse_score(cell)
            except InterviewError as error:
                errors.append(SheetError(number, letter, str(error)))
                continue
            values.append((examiner_id, application_id, value))
    for application_id in sorted(present - seen):
        errors.append(SheetError(None, "B", _("Candidate with application ID %(id)s is missing.") % {"id": application_id}))
    if errors:
        raise SheetInvalid(errors)
    return values


@transaction.atomic
def session_import_sheet(
    *,
    session_id: int,
    file: IO[bytes],
    by: User,
    correction_reason: str = "",
    client_address: str | None = None,
) -> int:
    """Import a paper session's score sheet: all of it, or nothing when any cell is wrong.

    A score already entered that the sheet changes is refused (every such cell listed), unless
    ``correction_reason`` is given: then each change is recorded as a correction (record, log, audit row).
    Scores the sheet repeats unchanged are left alone. Returns the number of scores saved or corrected.
    """
    correction_reason = correction_reason.strip()
    session = lock_session_to_run(session_id, Status.STARTED, by=by)
    values = parse_sheet(session, file)
    existing = {
        (score.examiner_id, score.application_id): score
        for score in Score.objects.select_for_update(of=("self",)).filter(session=session).order_by("pk")
    }
    changed = [
        (existing[(examiner_id, application_id)], value)
        for examiner_id, application_id, value in values
        if (examiner_id, application_id) in existing and existing[(examiner_id, application_id)].value != value
    ]
    if changed and not correction_reason:
        raise SheetInvalid(
            [
                SheetError(None, None, _(
                    "Examiner #%(examiner)s's score of application %(application)s is already %(old)s; the sheet "
                    "says %(new)s. Import the sheet as a correction, with a reason, to change it."
                ) % {"examiner": score.examiner_id, "application": score.application_id, "old": score.value, "new": value})
                for score, value in changed
            ]
        )  # fmt: skip
    saved = 0
    for examiner_id, application_id, value in values:
        if (examiner_id, application_id) not in existing:
            Score.objects.create(session=session, examiner_id=examiner_id, application_id=application_id, value=value)
            saved += 1
    for score, value in changed:
        score.session = session
        record_correction(score, value, correction_reason, by, client_address=client_address, source="sheet")
    log_event(session, "import", f"{saved} scores, {len(changed)} corrections", by)
    return saved + len(changed)
