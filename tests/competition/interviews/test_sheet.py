"""Paper sessions: the score sheet template and its import (all or nothing, errors by row and column)."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from competition.excel import FORMULA_PREFIXES
from competition.interviews import services as interviews
from competition.interviews import sheets
from competition.models import InterviewEvent, Score

pytestmark = pytest.mark.django_db


def template(session):
    return load_workbook(io.BytesIO(sheets.session_sheet(session))).active


def filled(session, value=80, edit=None):
    """The session's template with every cell filled, then changed by ``edit(sheet)``; returned as a file."""
    sheet = template(session)
    for row in sheet.iter_rows(min_row=2):
        for cell in row[sheets.FIRST_EXAMINER_COLUMN - 1 :]:
            if cell.value is None:
                cell.value = value
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    buffer.seek(0)
    return buffer


def test_the_template_has_a_row_per_candidate_and_a_column_per_examiner(started_session, panel):
    sheet = template(started_session)
    header = [cell.value for cell in sheet[1]]
    assert header[4:] == [f"#{e.pk} {e.name}" for e in panel]
    assert sheet.max_row == 4
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [1, 2, 3]


def test_formula_like_text_is_neutralised_in_the_template(started_session, applications):
    person = applications[0].person
    person.name = "=HYPERLINK(\"x\")"
    person.save()
    names = [row[2].value for row in template(started_session).iter_rows(min_row=2)]
    assert "'=HYPERLINK(\"x\")" in names
    assert all(not str(name).startswith(FORMULA_PREFIXES) for name in names)


def test_a_good_sheet_saves_every_score(office, started_session):
    count = sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, 88.5), by=office)
    assert count == 15
    assert set(Score.objects.values_list("value", flat=True)) == {Decimal("88.50")}
    assert InterviewEvent.objects.filter(session=started_session, kind="import").exists()


def test_a_recused_cell_stays_blank_in_a_good_sheet(office, started_session, panel, applications):
    interviews.session_add_recusal(
        session_id=started_session.pk, examiner_id=panel[0].pk, application_id=applications[0].pk, reason="亲属", by=office
    )
    assert sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session), by=office) == 14


def _set(row, column, value):
    def edit(sheet):
        sheet[f"{column}{row}"] = value

    return edit


def _append_copy_of_row_2(sheet):
    sheet.append([cell.value for cell in sheet[2]])


BAD_SHEETS = {
    "out of range": (_set(2, "E", 101), (2, "E")),
    "negative": (_set(3, "F", -5), (3, "F")),
    "not a number": (_set(2, "G", "优"), (2, "G")),
    "missing cell": (_set(4, "H", None), (4, "H")),
    "unknown candidate": (_set(3, "B", 999999), (3, "B")),
    "unknown examiner": (_set(1, "I", "#999999 某人"), (1, "I")),
    "duplicate candidate": (_append_copy_of_row_2, (5, "B")),
}


@pytest.mark.parametrize("kind", BAD_SHEETS)
def test_a_sheet_with_a_bad_cell_saves_nothing_and_says_where(office, started_session, kind):
    edit, (row, column) = BAD_SHEETS[kind]
    with pytest.raises(sheets.SheetInvalid) as raised:
        sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, edit=edit), by=office)
    assert (row, column) in [(error.row, error.column) for error in raised.value.errors]
    assert not Score.objects.exists()


def test_a_duplicate_examiner_column_is_reported(office, started_session):
    def edit(sheet):
        sheet["J1"] = sheet["E1"].value
        for row in range(2, 5):
            sheet[f"J{row}"] = 70

    with pytest.raises(sheets.SheetInvalid) as raised:
        sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, edit=edit), by=office)
    assert (1, "J") in [(e.row, e.column) for e in raised.value.errors]
    assert not Score.objects.exists()


def test_a_candidate_left_out_is_reported(office, started_session):
    def edit(sheet):
        sheet.delete_rows(4)

    with pytest.raises(sheets.SheetInvalid, match="nothing was saved"):
        sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, edit=edit), by=office)
    assert not Score.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(office, started_session):
    with pytest.raises(sheets.SheetInvalid) as raised:
        sheets.session_import_sheet(session_id=started_session.pk, file=io.BytesIO(b"not excel"), by=office)
    assert "Excel" in raised.value.errors[0].message


def test_an_empty_workbook_is_refused(office, started_session):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    buffer.seek(0)
    with pytest.raises(sheets.SheetInvalid):
        sheets.session_import_sheet(session_id=started_session.pk, file=buffer, by=office)
