"""Shared pieces of the fuzz tests: hypothesis strategies for hostile values, and a snapshot of the database."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.apps import apps
from django.db import connection
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Apps whose rows must not change on refused input. Left out, on purpose: audit (a refusal may be logged),
# axes (failed logins are counted), sessions and admin's log (the test client's own bookkeeping).
PROJECT_APPS = ["accounts", "competition", "tenure", "reports", "notifications", "django_fsm_log"]


def _tables():
    return sorted(
        model._meta.db_table
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    )


def snapshot():
    """A digest of every row of every project table: equal before and after means nothing was written."""
    tables = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One query for all tables (the fuzz tests take a snapshot per example).
            parts = ", ".join(
                f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {connection.ops.quote_name(table)} t)"
                for table in tables
            )
            cursor.execute(f"SELECT ARRAY[{parts}]")
            return dict(zip(tables, cursor.fetchone()[0]))
        digests = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            digests[table] = sorted(map(repr, cursor.fetchall()))
        return digests


def assert_unchanged(before, after):
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"refused input changed the tables {changed}"


# Text as a browser could send it: anything but NUL and lone surrogates (the test client cannot encode them;
# NUL is covered separately because Django's forms refuse it on their own).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
CONTROL = st.text(st.characters(max_codepoint=0x1F, exclude_characters="\x00"), min_size=1, max_size=5)
HUGE_INTS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([2**31, 2**31 - 1, -(2**31) - 1, 2**63, 2**63 - 1, -(2**63) - 1, 10**100]),
)
DECIMALS = st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str)
ODD_DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["0000-00-00", "9999-12-31", "0001-01-01", "2024-02-30", "2024-13-01", "-1-01-01",
                     "10000-01-01", "9999-12-31T23:59", "0001-01-01T00:00", "2024-01-01T25:61", "today", "NaN"]),
)


def field_value():
    """One hostile value for any form field (as the test client would post it)."""
    return st.one_of(
        st.just(""),
        ANY_TEXT,
        CONTROL,
        st.text(max_size=3).map(lambda s: s * 3000),  # very long
        HUGE_INTS.map(str),
        st.integers(-5, 5).map(str),
        DECIMALS,
        ODD_DATES,
        st.sampled_from(["on", "true", "false", "None", "null", "[]", "{}", "0x10", "1e309", "-0", " 1 ", "１２"]),
        st.lists(ANY_TEXT, min_size=2, max_size=3),  # a list where a single value is expected
    )


# Dates a form accepts, extremes included (0001-01-01, 9999-12-31): they reach the services' date arithmetic.
VALID_DATES = st.one_of(st.dates(), st.sampled_from([datetime.date.min, datetime.date.max])).map(lambda d: d.isoformat())
VALID_DATETIMES = st.one_of(
    st.datetimes(), st.sampled_from([datetime.datetime.min, datetime.datetime.max.replace(microsecond=0)])
).map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))


def form_data(fields, *, extra=None, valid=None):
    """A dict posting hostile values to some of ``fields`` (missing fields included), plus fixed ``extra``.

    A field with a ``valid`` value (a constant or a strategy) gets it three times as often as a hostile one, so the
    fuzzing also reaches the services behind a form whose other fields are accepted.
    """
    valid = valid or {}
    required = {}
    for name, value in valid.items():
        good = value if isinstance(value, st.SearchStrategy) else st.just(value)
        required[name] = st.one_of(good, good, good, field_value())
    return st.fixed_dictionaries(
        {**dict(extra or {}), **required}, optional={name: field_value() for name in fields if name not in valid}
    )


# --- Workbooks ---

def clean_cell_text(text):
    # openpyxl refuses the control characters XML cannot hold; an uploaded file cannot contain them either.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30).map(clean_cell_text),
    st.text(max_size=3).map(lambda s: clean_cell_text(s) * 200),
    HUGE_INTS.filter(lambda n: abs(n) < 10**300),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.times(),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", "=A1", '=HYPERLINK("http://x")', "#REF!", "2004-11-30", "2004/2/30",
                     "30.11.2004", "是", "否", "男", "女", "本科", "任用", "镇", "统一", "内部", "110101198001010013"]),
)


def workbook_bytes(sheets):
    """``sheets`` = [(title, rows)] → xlsx bytes; titles openpyxl refuses are replaced."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for index, (title, rows) in enumerate(sheets):
        title = "".join(ch for ch in clean_cell_text(title) if ch not in '[]:*?/\\')[:31].strip("'") or f"S{index}"
        if title.lower() in used:
            title = f"S{index}"
        used.add(title.lower())
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([Decimal(v) if isinstance(v, Decimal) else v for v in row])
    if not workbook.worksheets:
        workbook.create_sheet("Sheet1")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def mangle(data, cuts):
    """Damage a file: truncate it, flip bytes, or break the zip's XML."""
    for position, byte in cuts:
        if position < len(data):
            data = data[:position] + bytes([byte]) + data[position + 1:]
    return data


def broken_xml_workbook(content):
    """A zip with the workbook's parts, but ``content`` as the first worksheet's XML."""
    stream = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([("Sheet", [[1]])])))
    with zipfile.ZipFile(stream, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = content
            target.writestr(item, data)
    return stream.getvalue()


SHEET_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData></worksheet>"
)


def raw_cell_xml(value, kind):
    """A cell as Excel could write it but openpyxl never would: overflowing numbers, bad indexes, bad dates."""
    return f'<c r="A1" t="{kind}"><v>{value}</v></c>' if kind else f'<c r="A1"><v>{value}</v></c>'


NOT_WORKBOOKS = st.one_of(
    st.binary(max_size=300),
    st.just(b""),
    st.just(b"PK\x03\x04"),
    st.just(b"%PDF-1.4 not a workbook"),
    st.just("单位名称,单位类型\n罗店镇,镇\n".encode()),
)
