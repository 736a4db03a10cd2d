import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django_fsm_log.models import StateLog

from competition.models import Application, Campaign, InterviewSlot, Person, Post, Unit
from competition.registration.idcard import check_character
from core.sealed import keyed_hash
from reports.importer import ArchiveInvalid, import_archive, parse_date
from reports.sample import seed_like_archive
from reports.statistics import campaign_statistics
from tenure.models import Term
from tests.factories import _id_number
from tests.markers import needs_postgresql

from .archive import workbook_bytes

pytestmark = pytest.mark.django_db

def _number(birth, serial):
    body = f"110105{birth:%Y%m%d}{serial:03d}"
    return body + check_character(body)


ID1 = _number(datetime.date(1980, 5, 1), 1)  # a man (odd sequence code)
ID2 = _number(datetime.date(1975, 3, 2), 2)  # a woman


def valid_sheets():
    return {
        "单位": [["罗店镇", "镇", 8], ["区财政局", "委办局", 12]],
        "人员": [
            [ID1, "张三", "男", datetime.date(1980, 5, 1), "本科", "罗店镇", "副主任", "副科级", "是"],
            [ID2, "李四", "女", "1975/03/02", "大专", "区财政局", "科长", "正科级", "是"],
        ],
        "任职": [[ID2, "区财政局", "预算科科长", "2001-01-01", None, None]],
        "竞岗": [["2004年统一竞岗", "统一", "2004-11-01", "2004-12-28"]],
        "职位": [["2004年统一竞岗", "罗店镇", "综治办主任", 1], ["2004年统一竞岗", "区财政局", "国库科科长", 1]],
        "报名": [
            ["2004年统一竞岗", 1, ID1, "罗店镇", "综治办主任", "第1场", "任用"],
            ["2004年统一竞岗", 1, ID2, "罗店镇", "综治办主任", "第1场", "面试未通过"],
            ["2004年统一竞岗", 2, ID2, "区财政局", "国库科科长", None, "考察中"],
        ],
    }


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label in ("competition", "tenure", "django_fsm_log")}


def errors_of(sheets, **kwargs):
    with pytest.raises(ArchiveInvalid) as caught:
        import_archive(workbook_bytes(sheets, **kwargs))
    return [(i.sheet, i.row, i.column) for i in caught.value.issues]


def test_it_imports_units_people_terms_and_a_campaign():
    summary = import_archive(workbook_bytes(valid_sheets()))
    assert (summary.units, summary.people, summary.campaigns, summary.applications) == (2, 2, 1, 3)
    campaign = Campaign.objects.get(name="2004年统一竞岗")
    assert campaign.start_date == datetime.date(2004, 11, 1)
    statuses = dict(Post.objects.values_list("title", "status"))
    assert statuses == {"综治办主任": "appointed", "国库科科长": "inspection"}
    assert set(StateLog.objects.values_list("transition", flat=True)) == {"import_archive"}
    appointed = Application.objects.get(outcome="appointed")
    assert appointed.outcome_on == datetime.date(2004, 12, 28)
    assert appointed.applicant_leadership_level == "deputy_section" and not appointed.from_other_unit
    assert Person.objects.with_id_number(ID2).get().birth_date == datetime.date(1975, 3, 2)
    assert InterviewSlot.objects.count() == 2


def test_an_appointment_ends_the_earlier_term_and_starts_a_new_one():
    sheets = valid_sheets()
    sheets["报名"][2] = ["2004年统一竞岗", 1, ID2, "区财政局", "国库科科长", "第2场", "任用"]
    import_archive(workbook_bytes(sheets))
    earlier = Term.objects.get(person__id_number_hash=keyed_hash(ID2), position__title="预算科科长")
    assert earlier.ended_on == datetime.date(2004, 12, 28)
    new = Term.objects.get(person__id_number_hash=keyed_hash(ID2), position__title="国库科科长")
    assert new.start == datetime.date(2004, 12, 28) and new.ended_on is None and new.post is not None
    assert new.probation_end is None  # an exchange, no probation
    promoted = Term.objects.get(person__id_number_hash=keyed_hash(ID1))
    assert promoted.probation_end == datetime.date(2005, 12, 28)
    assert Person.objects.with_id_number(ID1).get().current_position == "综治办主任"


def test_importing_the_same_file_twice_changes_nothing():
    data = workbook_bytes(valid_sheets()).getvalue()
    import_archive(io.BytesIO(data))
    before = counts()
    terms = list(Term.objects.order_by("pk").values())
    summary = import_archive(io.BytesIO(data))
    assert summary.units == summary.people == summary.terms == summary.campaigns == summary.applications == 0
    assert counts() == before
    assert list(Term.objects.order_by("pk").values()) == terms


def test_a_file_with_one_error_writes_nothing():
    sheets = valid_sheets()
    sheets["报名"][2][6] = "录取"
    before = counts()
    assert errors_of(sheets) == [("报名", 4, "结果")]
    assert counts() == before


@pytest.mark.parametrize(
    "sheet, row, column, value",
    [
        ("单位", 0, "单位类型", "乡"),
        ("单位", 0, "科级领导职数", "八"),
        ("人员", 0, "身份证号", "110105198001010000"),
        ("人员", 0, "性别", "M"),
        ("人员", 0, "出生日期", "1980年5月1日"),
        ("人员", 0, "学历", "中专"),
        ("人员", 0, "现单位", "不存在的单位"),
        ("人员", 0, "现职级", "处级"),
        ("人员", 0, "是否领导职务", "Y"),
        ("任职", 0, "身份证号", "110105198001010019"),
        ("任职", 0, "结束日期", "2000-01-01"),
        ("竞岗", 0, "类型", "联合"),
        ("竞岗", 0, "决定日期", "2004-10-01"),
        ("职位", 0, "竞岗名称", "别的竞岗"),
        ("职位", 0, "职数", 0),
        ("报名", 0, "轮次", "一"),
        ("报名", 0, "职位名称", "不存在的职位"),
        ("报名", 0, "姓名", None),
    ],
)
def test_each_kind_of_error_names_its_sheet_row_and_column(sheet, row, column, value):
    from reports.importer import SHEETS

    sheets = valid_sheets()
    if column == "姓名":  # a required value left blank (the 人员 sheet's name)
        sheet, index = "人员", SHEETS["人员"].index("姓名")
    else:
        index = SHEETS[sheet].index(column)
    sheets[sheet][row][index] = value
    found = errors_of(sheets)
    assert (sheet, row + 2, column if column != "姓名" else "姓名") in found


def test_a_missing_column_an_unknown_person_and_too_many_appointments_are_errors():
    sheets = valid_sheets()
    sheets["报名"].append(["2004年统一竞岗", 1, _id_number(3)[0], "罗店镇", "综治办主任", None, "任用"])
    found = errors_of(sheets, drop_columns={"职位": ["职数"]})
    assert ("职位", 1, "职数") in found
    assert ("报名", 5, "身份证号") in found
    sheets = valid_sheets()
    sheets["报名"][1][6] = "任用"
    assert errors_of(sheets) == [("报名", 3, "结果")]


def test_a_file_that_is_not_a_workbook_is_an_error():
    with pytest.raises(ArchiveInvalid) as caught:
        import_archive(io.BytesIO(b"not a workbook"))
    assert "xlsx" in str(caught.value)


def test_dates_may_be_excel_dates_serial_numbers_or_text():
    assert parse_date(datetime.datetime(2004, 11, 30, 0, 0)) == datetime.date(2004, 11, 30)
    assert parse_date(38321) == datetime.date(2004, 11, 30)
    assert parse_date("2004-11-30") == parse_date("2004/11/30") == datetime.date(2004, 11, 30)
    with pytest.raises(ValueError):
        parse_date("30.11.2004")


def test_a_generated_archive_imported_then_reported_gives_the_seed_figures():
    data, expected = seed_like_archive()
    import_archive(io.BytesIO(data))
    stats = campaign_statistics(Campaign.objects.get(name="2004年统一竞岗"))
    assert stats["units_releasing_posts"] == 42
    assert stats["posts_released"] == 79
    assert stats["posts_share_of_quota"] == 0.27
    assert (stats["appointed"], stats["in_progress"], stats["moved_to_internal"]) == (64, 1, 14)
    assert stats["registrations"] == expected["registrations"]
    assert stats["outside_unit_registrations"] == expected["outside"]
    assert stats["interviewed"] == expected["interviewed"]
    assert stats["interview_sessions"] == expected["sessions"]
    assert (stats["repeat_candidates"], stats["repeat_candidates_appointed"]) == (expected["repeat"], expected["repeat_appointed"])
    a = stats["appointees"]
    assert (a["promoted"], a["promoted_from_deputy"], a["promoted_from_non_leadership"], a["exceptional_promotions"]) == (36, 16, 19, 1)
    assert (a["exchanged_within_unit"], a["exchanged_across_units"]) == (12, 16)
    assert (a["women"], a["women_share"]) == (19, 0.297)
    assert (a["junior_college"], a["bachelor_or_above"]) == (29, 35)
    assert a["youngest_age"] == 26
    assert Unit.objects.count() == 42


def test_the_import_command_reports_errors_and_writes_nothing(tmp_path, capsys):
    from django.core.management.base import CommandError

    sheets = valid_sheets()
    sheets["单位"][0][1] = "乡"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes(sheets).getvalue())
    with pytest.raises(CommandError):
        call_command("import_archive", str(path))
    assert "单位" in capsys.readouterr().err
    assert not Campaign.objects.exists()
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_bytes(valid_sheets()).getvalue())
    call_command("import_archive", str(good))
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("column, value", [("出生日期", "1980-05-02"), ("性别", "女")])
def test_a_birth_date_or_sex_that_contradicts_the_id_number_is_an_error(column, value):
    from reports.importer import SHEETS

    sheets = valid_sheets()
    sheets["人员"][0][SHEETS["人员"].index(column)] = value
    assert ("人员", 2, column) in errors_of(sheets)


def test_an_id_number_with_an_impossible_birth_date_or_province_is_an_error():
    sheets = valid_sheets()
    sheets["人员"][0][0] = _number(datetime.date(1880, 5, 1), 1)
    assert ("人员", 2, "身份证号") in errors_of(sheets)
    sheets = valid_sheets()
    sheets["人员"][0][0] = "99" + _number(datetime.date(1980, 5, 1), 1)[2:17]
    sheets["人员"][0][0] += check_character(sheets["人员"][0][0])
    assert ("人员", 2, "身份证号") in errors_of(sheets)


def test_errors_show_id_numbers_masked_never_in_full():
    """Issue 15, point 5: an import's error page is a page like any other; the full number is a reveal away."""
    from core.sealed import mask_id_number

    unknown = _id_number(3)[0]
    invalid = ID1[:17] + ("0" if ID1[17] != "0" else "1")  # a wrong check character
    sheets = valid_sheets()
    sheets["人员"].append(list(sheets["人员"][1]))  # ID2 twice
    sheets["人员"].append([invalid, *sheets["人员"][0][1:]])
    sheets["报名"].append(["2004年统一竞岗", 1, unknown, "罗店镇", "综治办主任", None, "面试未通过"])
    with pytest.raises(ArchiveInvalid) as caught:
        import_archive(workbook_bytes(sheets))
    text = str(caught.value)
    for number in (ID2, invalid, unknown):
        assert number not in text
        assert mask_id_number(number) in text
    assert mask_id_number(ID2) == ID2[:6] + "********" + ID2[-4:]


@pytest.mark.parametrize("sheet, column, value", [
    ("任职", "开始日期", "0001-01-01"),
    ("任职", "结束日期", "1899-12-31"),
    ("竞岗", "开始日期", datetime.date(1, 1, 1)),
    ("竞岗", "决定日期", "9999-12-31"),
])
def test_a_date_cell_that_cannot_be_is_an_error_with_the_forms_message(sheet, column, value):
    from reports.importer import SHEETS

    sheets = valid_sheets()
    sheets[sheet][0][SHEETS[sheet].index(column)] = value
    with pytest.raises(ArchiveInvalid) as caught:
        import_archive(workbook_bytes(sheets))
    issues = [i for i in caught.value.issues if (i.sheet, i.row, i.column) == (sheet, 2, column)]
    assert issues and "Enter a date between 1900-01-01" in issues[0].message


@needs_postgresql
def test_an_import_ends_by_analysing_the_tables_it_wrote(django_capture_on_commit_callbacks, office):
    """So that the next report is planned for the new rows (issue 19.4): autovacuum may be late, or off. ANALYZE
    counts the rows this (test) transaction wrote, and sets the tables' row estimates to them."""
    from django.db import connection

    from reports import services

    def estimates():
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
                           [["competition_application", "competition_person"]])
            return {name: int(rows) for name, rows in cursor.fetchall()}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.archive_import(file=workbook_bytes(valid_sheets()), by=office)
    assert callbacks and estimates() != {"competition_application": 3, "competition_person": 2}
    for callback in callbacks:
        callback()
    assert estimates() == {"competition_application": Application.objects.count(), "competition_person": Person.objects.count()}
