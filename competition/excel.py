"""Excel helpers shared by every export.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheet
programs strip before parsing) would be read as a formula when the office opens the file: a name typed by a
candidate could then run a formula on the office's machine (CSV/formula injection). Every exported value
goes through ``safe_cell``: the reports, the registration rosters and the interview score sheet alike.
"""

from openpyxl import Workbook
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
    import io

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
