"""Excel helpers shared by every export and every import.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheet
programs strip before parsing) would be read as a formula when the office opens the file: a name typed by a
candidate could then run a formula on the office's machine (CSV/formula injection). Every exported value
goes through ``safe_cell``: the reports, the registration rosters and the interview score sheet alike.
"""

import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A cell starting with one of these is read by spreadsheets as a formula (or a DDE payload).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise a text value so that no spreadsheet runs it as a formula; other values pass through.

    A leading apostrophe-like quote is the OWASP advice; the text stays readable and nothing is lost.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def workbook_response_bytes(sheets):
    """Build a write-only workbook from ``[(title, headers, rows), ...]`` and return its bytes.

    Every value goes through ``safe_cell``; headers are bold.
    """
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=safe_cell(str(header)))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading an uploaded workbook, within bounds ---
#
# An .xlsx is a zip of XML: a few kilobytes can declare a million rows, a sheet 16,384 columns wide, or unpack to
# gigabytes. Every import opens its upload with ``open_workbook`` and reads rows with ``bounded_rows``: past a bound
# the whole file is refused at once, with one short message, instead of being read (and reported on) cell by cell.


@dataclass(frozen=True)
class ExcelLimits:
    rows: int = 10_000
    columns: int = 60
    cell_length: int = 2_000
    uncompressed_bytes: int = 30 * 1024 * 1024
    seconds: float = 20.0
    # Errors listed: the first ones, then a count of the rest (a page of 200 rows is enough to fix a file by).
    errors: int = 200


class WorkbookRefused(ValueError):
    """The upload is not a workbook, or lies beyond a bound; the message (translated) says which."""


def open_workbook(file, limits: ExcelLimits = ExcelLimits()):
    """The workbook (read-only, values only), or WorkbookRefused. Checks the unpacked size before openpyxl parses."""
    content = file.read() if hasattr(file, "read") else bytes(file)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookRefused(_("The file is not an Excel workbook (.xlsx).")) from None
    if unpacked > limits.uncompressed_bytes:
        raise WorkbookRefused(
            _("The workbook unpacks to more than %(mb)s MB; split it into smaller files.")
            % {"mb": limits.uncompressed_bytes // (1024 * 1024)}
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        raise WorkbookRefused(_("The file is not an Excel workbook (.xlsx).")) from None


def bounded_rows(worksheet, limits: ExcelLimits = ExcelLimits(), *, started: float | None = None) -> Iterator[tuple]:
    """The sheet's rows as tuples of values, the first one row 1, refusing (WorkbookRefused) a sheet with more rows or
    columns than the limits, a longer cell, or one that takes longer than ``limits.seconds`` since ``started``."""
    # The dimension the file declares is not trusted: openpyxl would pad every row to it.
    worksheet.reset_dimensions()
    deadline = (started if started is not None else time.monotonic()) + limits.seconds
    for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > limits.rows:
            raise WorkbookRefused(
                _("The sheet “%(sheet)s” has more than %(rows)s rows.") % {"sheet": worksheet.title, "rows": limits.rows}
            )
        if len(row) > limits.columns:
            if any(value not in (None, "") for value in row[limits.columns:]):
                raise WorkbookRefused(
                    _("The sheet “%(sheet)s” has more than %(columns)s columns.")
                    % {"sheet": worksheet.title, "columns": limits.columns}
                )
            row = row[: limits.columns]
        for value in row:
            if isinstance(value, str) and len(value) > limits.cell_length:
                raise WorkbookRefused(
                    _("A cell of the sheet “%(sheet)s” (row %(row)s) is longer than %(length)s characters.")
                    % {"sheet": worksheet.title, "row": number, "length": limits.cell_length}
                )
        if time.monotonic() > deadline:
            raise WorkbookRefused(_("The workbook takes too long to read; split it into smaller files."))
        yield row


def capped_errors(errors: list, limits: ExcelLimits = ExcelLimits()) -> tuple[list, int]:
    """The first ``limits.errors`` errors and how many more there are."""
    return errors[: limits.errors], max(0, len(errors) - limits.errors)
