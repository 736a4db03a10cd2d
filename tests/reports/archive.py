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


def upload(client, stream, name="archive.xlsx"):
    """Post a workbook to the upload page and follow it to its job's page, the import task run (eagerly, as the tests
    configure Celery) when the upload's transaction commits. The job page's response."""
    from django.test import TestCase
    from django.urls import reverse

    if hasattr(stream, "read") and not getattr(stream, "name", ""):
        stream.name = name
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("reports:import"), {"file": stream})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])
