"""The written exam's mark sheet: all or nothing, every wrong cell named by row and column, corrections with a
reason, only the template's one visible sheet read."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from competition.models import WrittenMarkCorrection
from competition.written import services as written
from competition.written import sheets
from tests.competition.written.conftest import filled_sheet, tickets_by_person


def import_sheet(session, by, file, reason=""):
    return sheets.written_marks_import(session_id=session.pk, file=file, by=by, correction_reason=reason)


def marks(session):
    return [(t.mark, t.absent) for t in tickets_by_person(session)]


def test_a_sheet_marked_whole_is_imported_with_its_absences(office, issued):
    numbers = [t.number for t in tickets_by_person(issued)]
    values = dict(zip(numbers, [88.5, "缺考", 60, "absent", 59.5]))
    assert import_sheet(issued, office, filled_sheet(issued, values)) == 5
    assert marks(issued) == [(D("88.5"), False), (None, True), (D("60"), False), (None, True), (D("59.5"), False)]
    assert issued.events.filter(kind="sheet").exists()


def test_one_wrong_cell_refuses_the_whole_sheet_and_every_error_is_named(office, issued):
    numbers = [t.number for t in tickets_by_person(issued)]
    values = dict(zip(numbers, [88, 101, "良好", None, 70.123]))
    with pytest.raises(written.MarksInvalid) as refused:
        import_sheet(issued, office, filled_sheet(issued, values))
    errors = {(e.row, e.column): e.message for e in refused.value.errors}
    assert len(errors) == 4 and all(column == "F" for _row, column in errors)
    assert "from 0 to 100" in " ".join(errors.values()) and "missing" in " ".join(errors.values())
    assert "two decimal" in " ".join(errors.values())
    assert marks(issued) == [(None, False)] * 5


def test_an_unknown_duplicate_or_missing_ticket_refuses_the_sheet(office, issued):
    sheet = load_workbook(filled_sheet(issued, {t.number: 70 for t in tickets_by_person(issued)}))["marks"]
    first = sheet.cell(row=2, column=1).value
    sheet.cell(row=3, column=1).value = first  # the second ticket replaced by the first again
    sheet.append(["999999999", "某人", "", "", "", 80])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    buffer.seek(0)
    with pytest.raises(written.MarksInvalid) as refused:
        import_sheet(issued, office, buffer)
    messages = [(e.row, e.column, e.message) for e in refused.value.errors]
    assert (3, "A", "This ticket appears twice.") in messages
    assert any(row == 7 and "Unknown admission ticket" in message for row, _c, message in messages)
    assert any(row is None and "is missing" in message for row, _c, message in messages)
    assert marks(issued) == [(None, False)] * 5


def test_a_workbook_with_another_sheet_is_refused(office, issued):
    workbook = Workbook()
    workbook.active.title = "scores"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(written.MarksInvalid) as refused:
        import_sheet(issued, office, buffer)
    assert "exactly one sheet, “marks”" in refused.value.errors[0].message


def test_a_sheet_that_changes_a_mark_needs_a_reason_and_is_then_a_logged_correction(office, issued):
    numbers = [t.number for t in tickets_by_person(issued)]
    import_sheet(issued, office, filled_sheet(issued, dict(zip(numbers, [80, 70, 60, 50, 40]))))
    changed = dict(zip(numbers, [80, 75, 60, "缺考", 40]))
    with pytest.raises(written.MarksInvalid) as refused:
        import_sheet(issued, office, filled_sheet(issued, changed))
    assert len(refused.value.errors) == 2
    assert [m for m, _a in marks(issued)] == [D("80"), D("70"), D("60"), D("50"), D("40")]
    assert import_sheet(issued, office, filled_sheet(issued, changed), reason="阅卷复核") == 2
    assert marks(issued)[1] == (D("75"), False) and marks(issued)[3] == (None, True)
    corrections = WrittenMarkCorrection.objects.all()
    assert {(c.old_mark, c.new_mark, c.new_absent, c.source) for c in corrections} == {
        (D("70"), D("75"), False, "sheet"),
        (D("50"), None, True, "sheet"),
    }
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SCORE_CORRECTION, detail__reason="阅卷复核").count() == 2


def test_the_template_lists_every_ticket_with_its_room_and_seat(office, issued):
    rows = list(load_workbook(io.BytesIO(sheets.session_sheet(issued)))["marks"].iter_rows(values_only=True))
    assert len(rows) == 6
    assert {row[0] for row in rows[1:]} == {t.number for t in tickets_by_person(issued)}
    assert all(row[3] == "第一考场" and row[5] is None for row in rows[1:])
