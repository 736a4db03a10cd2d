import io

import pytest
from openpyxl import load_workbook

from competition.excel import safe_cell, workbook_response_bytes


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_starts_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["罗店镇", "a=b", "", 3, -3, None])
def test_other_values_pass_through(value):
    assert safe_cell(value) == value


def test_a_workbook_never_holds_a_formula():
    content = workbook_response_bytes([("名单", ["姓名"], [["=cmd|' /C calc'!A0"], ["张三"]])])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "姓名"
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "张三"
