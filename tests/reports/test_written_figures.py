"""The report's written exam figures: sat, absent, passed (at or above the pass line) and the pass rate, over the
published sessions; per unit the unit's part."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from competition.written import services as written
from reports.statistics import campaign_statistics
from tests.competition.written.conftest import enter, make_session, post_at_written
from tests.factories import CampaignFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return CampaignFactory(has_written_exam=True, written_exam_weight=40, interview_weight=60)


def sat_and_published(post, office, marks, name):
    session = make_session(post, office, name=name)
    written.written_session_issue(session_id=session.pk, by=office)
    enter(session, office, marks)
    written.written_session_publish(session_id=session.pk, by=office)
    return session


def test_the_report_counts_who_sat_passed_and_the_pass_rate(office, campaign):
    unit, other = UnitFactory(name="罗店镇"), UnitFactory(name="月浦镇")
    # 90, 75, 61, 60 pass the line (the ratio then lets three on: passing is counted, not going on); 59.5 fails.
    sat_and_published(post_at_written(campaign, unit=unit), office, ["90", "75", "61", "60", "59.5"], "一")
    sat_and_published(post_at_written(campaign, applicants=3, unit=other), office, ["absent", "40", "70"], "二")
    figures = campaign_statistics(campaign)["written_exam"]
    assert (figures["sat"], figures["absent"], figures["passed"]) == (7, 1, 5)
    assert figures["pass_rate"] == round(5 / 7, 3) and figures["held"] is True
    own = campaign_statistics(campaign, other)["written_exam"]
    assert (own["sat"], own["absent"], own["passed"], own["pass_rate"]) == (2, 1, 1, 0.5)


def test_a_session_not_yet_published_is_not_counted(office, campaign):
    session = make_session(post_at_written(campaign), office)
    written.written_session_issue(session_id=session.pk, by=office)
    enter(session, office, ["90", "80", "70", "60", "50"])
    figures = campaign_statistics(campaign)["written_exam"]
    assert (figures["sat"], figures["passed"], figures["pass_rate"]) == (0, 0, None)


def test_a_campaign_without_a_written_exam_reports_none_held(db):
    figures = campaign_statistics(CampaignFactory())["written_exam"]
    assert figures == {"sat": 0, "absent": 0, "passed": 0, "held": False, "pass_line": 60.0, "pass_rate": None}


def test_the_command_the_workbook_and_the_dashboard_carry_the_figures(client, office, campaign, capsys, tmp_path):
    sat_and_published(post_at_written(campaign), office, ["90", "absent", "61", "30", "59"], "一")
    call_command("campaign_report", str(campaign.pk), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert {k: report["written_exam"][k] for k in ("sat", "absent", "passed", "pass_rate")} == {
        "sat": 4, "absent": 1, "passed": 2, "pass_rate": 0.5,
    }  # fmt: skip
    path = tmp_path / "report.xlsx"
    call_command("campaign_report", str(campaign.pk), "--format", "xlsx", "--output", str(path))
    rows = {row[0]: row[1] for row in load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True)}
    assert (rows["Written exam: sat"], rows["Written exam: passed"], rows["Written exam: pass rate"]) == (4, 2, 0.5)
    client.force_login(office)
    page = client.get(reverse("reports:dashboard", args=[campaign.pk])).content.decode()
    assert 'data-figure="written_sat">4<' in page and 'data-figure="written_passed">2<' in page and "50.0%" in page
