"""Build small archive workbooks for the import tests."""

import io

from openpyxl import Workbook

from reports.importer import SHEETS


def workbook_bytes(sheets, *, drop_columns=None):
    """``sheets`` = {sheet name: [rows]}; every sheet of SHEETS gets its header row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.items():
        if name not in sheets:
            continue
        sheet = workbook.create_sheet(name)
        header = [c for c in columns if c not in (drop_columns or {}).get(name, ())]
        sheet.append(header)
        for row in sheets[name]:
            sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream
