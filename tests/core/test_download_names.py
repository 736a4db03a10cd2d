"""Downloads carry names a person recognises (campaign, unit, post, what, day), sent as RFC 5987 UTF-8 names."""

import datetime
from urllib.parse import quote

from django.http import HttpResponse

from core.http import as_download, download_name

DAY = datetime.date(2026, 12, 2)


def test_a_name_joins_what_the_file_is_and_the_day_and_drops_what_no_file_system_takes():
    assert download_name("2026年统一竞岗", "罗店镇", "综治办/主任", "", "报名名册", extension="xlsx", day=DAY) == (
        "2026年统一竞岗-罗店镇-综治办_主任-报名名册-20261202.xlsx"
    )
    assert download_name('a:b*c?"d"', "x  y", extension=".pdf", day=DAY) == "a_b_c_d-x_y-20261202.pdf"


def test_the_header_carries_the_utf8_name_and_an_ascii_fallback():
    name = "2026年统一竞岗-罗店镇-报名名册-20261202.xlsx"
    disposition = as_download(HttpResponse(), name)["Content-Disposition"]
    assert disposition == f"attachment; filename=\"download-2026-20261202.xlsx\"; filename*=UTF-8''{quote(name, safe='')}"
    assert 'filename="Roster-20261202.xlsx"' in as_download(HttpResponse(), "Roster-20261202.xlsx")["Content-Disposition"]
