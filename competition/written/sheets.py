"""The written exam's mark sheet (Excel): written for a session, one row per ticket, and read back whole or refused
with every wrong cell (row and column) at once, as the interview's paper score sheets are
(competition.interviews.sheets: only the template's one visible sheet is read, hidden or extra sheets are refused).

Column F takes the mark out of 100 (at most two decimals) or the word for an absence (缺考, or “absent”). Every ticket
of the session must be on the sheet once. A mark already entered that the sheet changes is refused unless the sheet is
imported as a correction with a reason (``services.apply_marks``).
"""

import io
from decimal import Decimal
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.models import User
from competition.excel import safe_cell
from competition.interviews.rules import parse_score
from competition.interviews.sheets import SheetInvalid, read_template_rows
from competition.models import WrittenExamSession
from competition.written.services import MarkEntry, MarkError, MarksInvalid, apply_marks, lock_marks_session
from core.exceptions import ActionRefused

SHEET_TITLE = "marks"  # the template's only sheet, and the only one read back
MARK_COLUMN = "F"  # A ticket number, B candidate, C post, D room, E seat, F mark
ABSENT_WORDS = {"缺考", "absent"}


def session_sheet(session: WrittenExamSession) -> bytes:
    """The session's mark sheet (xlsx bytes): one row per ticket, with the marks entered so far."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    header = [_("Admission ticket number"), _("Candidate"), _("Post"), _("Room"), _("Seat"), _("Mark (or 缺考)")]
    sheet.append([safe_cell(str(cell)) for cell in header])
    tickets = session.tickets.select_related("application__person", "application__post__unit", "room").order_by("number")
    for ticket in tickets:
        mark = "缺考" if ticket.absent else (float(ticket.mark) if ticket.mark is not None else None)
        sheet.append([
            ticket.number, safe_cell(ticket.application.person.name), safe_cell(str(ticket.application.post)),
            safe_cell(ticket.room.name), ticket.seat, mark,
        ])  # fmt: skip
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_mark(cell: object) -> tuple[Decimal | None, bool]:
    """``(mark, absent)`` from a cell or a field: a number out of 100, or the word for an absence; ActionRefused
    with the message for the user otherwise (blank included)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise ActionRefused(_("The mark is missing: write the mark, or 缺考 for an absence."))
    if isinstance(cell, str) and cell.strip().lower() in ABSENT_WORDS:
        return None, True
    if isinstance(cell, bool):
        raise ActionRefused(_("Enter a number from 0 to 100."))
    return parse_score(cell), False


def parse_sheet(session: WrittenExamSession, file: IO[bytes]) -> list[MarkEntry]:
    """Validate the whole sheet; the entries, or MarksInvalid listing every wrong cell."""
    try:
        rows = read_template_rows(file, SHEET_TITLE)
    except SheetInvalid as refused:
        raise MarksInvalid([MarkError(e.row, e.column, e.message) for e in refused.errors]) from None
    if len(rows) < 2:
        raise MarksInvalid([MarkError(1, None, _("The sheet is empty."))])
    tickets = dict(session.tickets.values_list("number", "pk"))
    errors, entries, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        raw = str(row[0]).strip() if row and row[0] is not None else ""
        if raw.endswith(".0"):  # a number typed into a cell Excel formats as a number
            raw = raw[:-2]
        if raw not in tickets:
            errors.append(MarkError(number, "A", _("Unknown admission ticket “%(cell)s”.") % {"cell": raw}))
            continue
        if raw in seen:
            errors.append(MarkError(number, "A", _("This ticket appears twice.")))
            continue
        seen.add(raw)
        try:
            mark, absent = parse_mark(row[5] if len(row) > 5 else None)
        except ActionRefused as error:
            errors.append(MarkError(number, MARK_COLUMN, str(error)))
            continue
        entries.append(MarkEntry(ticket_id=tickets[raw], mark=mark, absent=absent, row=number))
    for missing in sorted(set(tickets) - seen):
        errors.append(MarkError(None, "A", _("Admission ticket %(number)s is missing.") % {"number": missing}))
    if errors:
        raise MarksInvalid(errors)
    return entries


@transaction.atomic
def written_marks_import(
    *, session_id: int, file: IO[bytes], by: User, correction_reason: str = "", client_address: str | None = None
) -> int:
    """Import the session's mark sheet: all of it, or nothing when any cell is wrong (see ``services.apply_marks``).
    Returns the number of tickets marked or corrected."""
    session = lock_marks_session(session_id, by)
    entries = parse_sheet(session, file)
    return apply_marks(session, entries, by=by, correction_reason=correction_reason, source="sheet",
                       client_address=client_address)  # fmt: skip
