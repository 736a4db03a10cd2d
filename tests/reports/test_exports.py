import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from competition.excel import safe_cell
from competition.models import Person
from reports.exports import statistics_workbook, write_list
from reports.models import ExportJob
from reports.tasks import run_export
from tenure.models import Term

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_safe_cell_neutralises_text_a_spreadsheet_would_read_as_a_formula(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_keeps_other_values():
    assert safe_cell("罗店镇") == "罗店镇"
    assert safe_cell(-1) == -1
    assert safe_cell(None) is None


def cells(stream):
    stream.seek(0)
    workbook = load_workbook(stream, read_only=True)
    return [value for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row]


def assert_no_formula(values):
    texts = [v for v in values if isinstance(v, str)]
    assert not [v for v in texts if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    return texts


@pytest.fixture
def hostile(known_campaign):
    """Names typed by users that would be formulas."""
    Person.objects.filter(pk=known_campaign.apps.x1p1.person_id).update(name="=HYPERLINK(\"http://x\")", current_position="@cmd")
    known_campaign.posts[0].__class__.objects.filter(pk=known_campaign.posts[0].pk).update(title="+综治办主任")
    Term.objects.filter(person_id=known_campaign.apps.x1p1.person_id).update(end_reason="-bad")
    return known_campaign


@pytest.mark.parametrize("kind", ["roster", "results", "terms"])
def test_every_list_export_neutralises_formulas(hostile, kind):
    stream = io.BytesIO()
    rows = write_list(kind, stream, campaign=hostile.campaign)
    texts = assert_no_formula(cells(stream))
    assert rows > 0
    assert any(t.startswith("'") for t in texts)


def test_the_statistics_workbook_neutralises_formulas(hostile):
    hostile.campaign.name = "=竞岗"
    hostile.campaign.save()
    stream = io.BytesIO()
    statistics_workbook(hostile.campaign, stream)
    texts = assert_no_formula(cells(stream))
    assert "'=竞岗" in texts


def test_the_campaign_report_command_writes_a_workbook(known_campaign, tmp_path):
    path = tmp_path / "report.xlsx"
    call_command("campaign_report", str(known_campaign.campaign.pk), "--format", "xlsx", "--output", str(path))
    values = cells(io.BytesIO(path.read_bytes()))
    assert "已知竞岗" in values and 11 in values


def test_the_campaign_report_command_prints_the_agreed_keys(known_campaign, capsys):
    import json

    call_command("campaign_report", str(known_campaign.campaign.pk), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    for key in [
        "units_releasing_posts", "posts_released", "posts_share_of_quota", "registrations", "interview_sessions",
        "interviewed", "appointed", "in_progress", "moved_to_internal", "failed", "registrations_per_post",
        "most_contested_post", "outside_unit_registrations", "outside_unit_share", "repeat_candidates",
        "repeat_candidates_appointed", "appointees", "cohort",
    ]:
        assert key in report
    assert report["registrations"] == 11
    assert set(report["cohort"]) == {"before", "after"}
    assert "charts" not in report


def test_a_secretarys_export_holds_only_their_units_part(known_campaign, secretary):
    job = ExportJob.objects.create(kind="results", campaign=known_campaign.campaign, unit=known_campaign.a, requested_by=secretary)
    run_export(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == 6
    values = cells(io.BytesIO(job.file.read()))
    assert known_campaign.a.name in values and known_campaign.b.name not in values


def test_the_export_task_is_safe_to_run_twice(known_campaign, office):
    job = ExportJob.objects.create(kind="roster", requested_by=office)
    run_export(job.pk)
    job.refresh_from_db()
    name = job.file.name
    run_export(job.pk)
    job.refresh_from_db()
    assert job.file.name == name and job.percent == 100
