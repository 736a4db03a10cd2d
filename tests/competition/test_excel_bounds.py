"""competition.excel's bounds on uploaded workbooks, as the archive import and the score-sheet import meet them."""

import datetime
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from competition.excel import ExcelLimits, WorkbookRefused, bounded_rows, open_workbook
from competition.interviews.sheets import SHEET_TITLE, SheetInvalid, read_template_rows
from reports.importer import ARCHIVE_LIMITS, SHEETS, ArchiveInvalid, import_archive
from tests.reports.archive import upload, workbook_bytes


def people_sheet(cells, title="人员"):
    """A workbook with the 人员 sheet's header and ``cells`` = {(row, column): value}, its one sheet named ``title``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(SHEETS["人员"])
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column, value=value)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def with_extra_member(content, name, size):
    """The workbook with one more member in its zip: ``size`` zero bytes, which compress to almost nothing."""
    stream = io.BytesIO(content)
    with zipfile.ZipFile(stream, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, b"\0" * size)
    return stream.getvalue()


def refusal(content):
    with pytest.raises(ArchiveInvalid) as caught:
        import_archive(io.BytesIO(content))
    return caught.value


@pytest.mark.django_db
def test_a_small_workbook_with_a_row_a_million_down_is_refused_at_once():
    content = people_sheet({(1_000_000, 1): "x"})
    assert len(content) < 20_000
    started = time.monotonic()
    error = refusal(content)
    assert time.monotonic() - started < 3
    # The archive's own bound: a province's 100,000 applications fit in one sheet (issue 19.4).
    assert len(error.issues) == 1 and str(ARCHIVE_LIMITS.rows) in error.issues[0].message.replace(",", "")


@pytest.mark.django_db
def test_a_row_wider_than_the_bound_is_refused():
    assert "columns" in refusal(people_sheet({(2, 500): "x"})).issues[0].message


@pytest.mark.django_db
def test_a_cell_longer_than_the_bound_is_refused():
    assert "longer than" in refusal(people_sheet({(2, 2): "长" * 5000})).issues[0].message


@pytest.mark.django_db
def test_a_workbook_that_unpacks_to_more_than_the_bound_is_refused_before_it_is_parsed():
    size = ARCHIVE_LIMITS.uncompressed_bytes + 10 * 1024 * 1024
    content = with_extra_member(people_sheet({}), "xl/media/bomb.bin", size)
    assert len(content) < size / 500
    assert "unpacks" in refusal(content).issues[0].message


def test_a_sheet_that_takes_longer_than_the_time_bound_is_refused():
    workbook = open_workbook(people_sheet({(3, 1): "x"}))
    with pytest.raises(WorkbookRefused, match="too long"):
        list(bounded_rows(workbook["人员"], ExcelLimits(seconds=0), started=time.monotonic() - 1))


@pytest.mark.django_db
def test_errors_stop_at_200_with_a_count_of_the_rest(client, office):
    rows = [[f"bad{n}", "", "", "", "", "", "", "", ""] for n in range(600)]
    content = workbook_bytes({"人员": rows}).getvalue()
    error = refusal(content)
    assert len(error.issues) == 200 and error.more > 1000
    client.force_login(office)
    response = upload(client, SimpleUploadedFile("a.xlsx", content))
    page = response.content.decode()
    assert str(error.more) in page
    assert len(response.content) < 200_000


def test_the_score_sheet_import_meets_the_same_bounds():
    with pytest.raises(SheetInvalid) as caught:
        read_template_rows(io.BytesIO(people_sheet({(1_000_000, 1): "x"}, title=str(SHEET_TITLE))))
    assert "10000" in caught.value.errors[0].message.replace(",", "")
    with pytest.raises(SheetInvalid):
        read_template_rows(io.BytesIO(b"not a zip"))


def test_an_ordinary_sheet_reads_as_before():
    rows = list(bounded_rows(open_workbook(people_sheet({(2, 1): "a", (2, 4): datetime.date(1980, 1, 1)}))["人员"]))
    assert rows[0][:2] == ("身份证号", "姓名") and rows[1][0] == "a"
