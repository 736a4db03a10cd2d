"""The office's reports in the browser: a campaign's dashboard (its figures and its charts), an export followed
through its progress bar to the download, and an archive import refused for one bad row, then imported once fixed.

The campaign is the reports tests' ``known_campaign`` (tests/reports/conftest.py), whose every figure is worked out
by hand in tests/reports/test_statistics.py. The export task is run by the test as a Celery worker would run it
(``Task.apply`` in a thread of its own), so that the page can be watched while the task is half-way.
"""

import datetime
import threading
from types import SimpleNamespace

import pytest
from django.db import connection
from openpyxl import load_workbook

import reports.exports
import reports.services
import reports.tasks
from competition.models import Application, Campaign, Person, Unit
from reports.models import ExportJob
from reports.tasks import run_export
from tests.browser.test_campaign_journey import body_text, click, fits_the_screen, id_number
from tests.factories import OfficeUserFactory
from tests.reports.conftest import known_campaign  # noqa: F401  (a fixture: the campaign whose figures are known)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"

T = {
    "zh-CN": {
        "education_chart": "任用人员学历分布",
        "export": "导出报名及结果",
        "waiting": "等待中",
        "running": "进行中",
        "rows": "已完成{done}行，共{total}行",
        "download": "下载",
        "import": "导入历史档案",
        "template": "下载模板",
        "import_button": "导入",
        "one_error": "1处错误，未导入任何数据。",
        "birth_date": "出生日期与身份证号码不符（1986年7月8日）",
        "imported": "档案已导入。",
        "summary": ["单位: 1", "人员: 2", "竞岗活动: 1", "职位: 1", "报名: 2"],
    },
    "en": {
        "education_chart": "Appointees by education",
        "export": "Export applications and results",
        "waiting": "Waiting",
        "running": "Running",
        "rows": "{done} of {total} rows",
        "download": "Download",
        "import": "Import an archive",
        "template": "Download the template",
        "import_button": "Import",
        "one_error": "1 error; nothing was imported.",
        "birth_date": "the birth date does not match the ID number (1986-07-08)",
        "imported": "The archive was imported.",
        "summary": ["Units: 1", "People: 2", "Campaigns: 1", "Posts: 1", "Applications: 2"],
    },
}

ZHAO = id_number(datetime.date(1982, 3, 4), 11)  # a man (odd serial)
QIAN = id_number(datetime.date(1986, 7, 8), 22)  # a woman


def archive_rows(qian_birth):
    """One unit's small archive: a campaign of 2005 with one post, two applicants, one appointed."""
    return {
        "单位": [["月浦镇", "镇", 6]],
        "人员": [
            [ZHAO, "赵六", "男", datetime.date(1982, 3, 4), "本科", "月浦镇", "副主任", "副科级", "是"],
            [QIAN, "钱七", "女", qian_birth, "大专", "月浦镇", "科员", "科员", "否"],
        ],
        "竞岗": [["2005年统一竞岗", "统一", "2005-03-01", "2005-04-20"]],
        "职位": [["2005年统一竞岗", "月浦镇", "社区办主任", 1]],
        "报名": [
            ["2005年统一竞岗", 1, ZHAO, "月浦镇", "社区办主任", "第1场", "任用"],
            ["2005年统一竞岗", 1, QIAN, "月浦镇", "社区办主任", "第1场", "面试未通过"],
        ],
    }


def filled_template(template_path, rows, path):
    """The downloaded template with ``rows`` written under each sheet's header, as the office fills it in Excel."""
    with open(template_path, "rb") as file:  # Playwright keeps a download under a name without an extension
        workbook = load_workbook(file)
    for name, sheet_rows in rows.items():
        for row in sheet_rows:
            workbook[name].append(row)
    workbook.save(path)
    return path


@pytest.fixture
def export_queue(monkeypatch):
    """Stands in for the broker: the export's message stays here until the test plays the worker."""
    queued = []
    monkeypatch.setattr(reports.services, "run_export", SimpleNamespace(delay_on_commit=queued.append))
    return queued


class HalfWayWorker(threading.Thread):
    """Runs the export task as a Celery worker does (``Task.apply``), reporting progress after every row and
    stopping after the first one until ``resume`` is set."""

    def __init__(self, job_id, monkeypatch):
        super().__init__(daemon=True)
        self.job_id, self.paused, self.resume, self.result = job_id, threading.Event(), threading.Event(), None
        monkeypatch.setattr(reports.exports, "PROGRESS_EVERY", 1)
        write_list = reports.tasks.write_list

        def pausing_write_list(kind, stream, *, progress, **kwargs):
            def report(done, total):
                progress(done, total)
                if done == 1 < total and not self.paused.is_set():
                    self.paused.set()
                    self.resume.wait(timeout=60)

            return write_list(kind, stream, progress=report, **kwargs)

        monkeypatch.setattr(reports.tasks, "write_list", pausing_write_list)

    def run(self):
        try:
            self.result = run_export.apply(args=[self.job_id])
        finally:
            self.paused.set()
            connection.close()  # this thread's own connection, before the test database is flushed


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_dashboard_export_and_archive_import_through_the_pages(
    journey, known_campaign, export_queue, monkeypatch, tmp_path, language  # noqa: F811
):
    t = T[language]
    campaign = known_campaign.campaign
    OfficeUserFactory(username="office", full_name="竞岗办王主任")
    office = journey("office", language=language)
    office.login("office", PASSWORD)

    # --- 1. The dashboard: the figures the campaign's data implies ---
    page = office.go("/reports/")
    click(page, page.locator(f"main a[href='/reports/campaigns/{campaign.pk}/']"))
    fits_the_screen(office)
    office.shot("dashboard")
    figure = {name: page.locator(f"[data-figure={name}]").inner_text() for name in
              ("posts_released", "appointed", "registrations", "posts_appointed")}
    # P1–P4 were released (the draft and the cancelled post were not; P2 re-released P2a and counts once); three
    # people were appointed to P1 (two places) and P2; eleven applications, the cancelled post's left out.
    assert figure == {"posts_released": "4", "appointed": "3", "registrations": "11", "posts_appointed": "2"}
    figures = page.locator("[data-testid=figures]").inner_text()
    assert "31.7" in figures and "66.7%" in figures  # average age 30, 39, 26; two of three under 35

    # --- 2. Its charts are drawn: every chart has a visible area, and the bars have the figures' lengths ---
    charts = page.eval_on_selector_all(
        "figure.report-chart",
        """figures => figures.map(f => {
            const box = f.querySelector('svg').getBoundingClientRect();
            return {title: f.querySelector('figcaption').textContent.trim(), width: box.width, height: box.height,
                    bars: Array.from(f.querySelectorAll('rect')).map(r => r.getBoundingClientRect().width)};
        })""",
    )
    assert len(charts) == 5
    assert all(c["width"] > 100 and c["height"] > 10 and max(c["bars"]) > 0 for c in charts), charts
    education = next(c for c in charts if c["title"] == t["education_chart"])
    junior_college, bachelor = education["bars"]  # one appointee from junior college, two bachelors
    assert abs(2 * junior_college - bachelor) < 1.5, education
    bar = page.locator("figure.report-chart", has_text=t["education_chart"]).locator("rect").last
    bar.scroll_into_view_if_needed()
    painted = bar.evaluate("""r => { const b = r.getBoundingClientRect();
        return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2) === r; }""")
    assert painted, "the bar is covered or not painted"

    # --- 3. An export from the dashboard, followed through its progress bar to the download ---
    click(page, page.get_by_role("button", name=t["export"]))
    job = ExportJob.objects.get()
    assert page.url.endswith(f"/reports/exports/{job.pk}/")
    assert export_queue == [job.pk]
    office.shot("export-waiting")
    assert t["waiting"] in body_text(page)
    assert page.locator("progress").get_attribute("value") == "0"
    assert page.locator(f"a[href='/reports/exports/{job.pk}/download/']").count() == 0

    worker = HalfWayWorker(job.pk, monkeypatch)
    worker.start()
    assert worker.paused.wait(timeout=30)
    job.refresh_from_db()
    assert (job.status, job.done) == (ExportJob.Status.RUNNING, 1) and job.total == 12
    # The page refreshes itself (no script) and shows the task half-way.
    page.wait_for_selector(f"progress[value='{job.percent}']", timeout=15000)
    office.shot("export-running")
    assert t["running"] in body_text(page) and t["rows"].format(done=1, total=12) in body_text(page)
    assert page.locator(f"a[href='/reports/exports/{job.pk}/download/']").count() == 0

    worker.resume.set()
    worker.join(timeout=30)
    assert worker.result is not None and worker.result.successful()
    link = page.wait_for_selector(f"a[href='/reports/exports/{job.pk}/download/']", timeout=15000)
    office.shot("export-done")
    assert page.locator("progress").get_attribute("value") == "100"
    assert t["rows"].format(done=12, total=12) in body_text(page)
    assert link.inner_text().strip() == t["download"]
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(file, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 12
    appointee = known_campaign.apps.x1p1.person.name
    assert any(appointee in row for row in rows[1:])

    # --- 4. An archive import: the template downloaded, filled with one bad row, refused by row and column ---
    page = office.go("/reports/")
    click(page, page.get_by_role("link", name=t["import"]))
    with page.expect_download() as info:
        page.get_by_role("link", name=t["template"]).click()
    template = info.value.path()
    units_before, people_before = Unit.objects.count(), Person.objects.count()
    bad = filled_template(template, archive_rows(qian_birth=datetime.date(1986, 7, 9)), tmp_path / "档案.xlsx")
    page.set_input_files("input[name=file]", str(bad))
    office.shot("import-form")
    click(page, page.locator("main form").get_by_role("button", name=t["import_button"], exact=True))
    fits_the_screen(office)
    office.shot("import-refused")
    refusal = page.locator("main .alert-danger")
    assert t["one_error"] in refusal.inner_text()
    cells = refusal.locator("tbody tr").all()
    assert len(cells) == 1
    assert [c.strip() for c in cells[0].locator("td").all_inner_texts()] == ["人员", "3", "出生日期", t["birth_date"]]
    assert not Campaign.objects.filter(name="2005年统一竞岗").exists()
    assert (Unit.objects.count(), Person.objects.count()) == (units_before, people_before)

    # --- 5. The fixed file is imported; its campaign's dashboard shows it ---
    fixed = filled_template(template, archive_rows(qian_birth=datetime.date(1986, 7, 8)), tmp_path / "档案-改.xlsx")
    page.set_input_files("input[name=file]", str(fixed))
    click(page, page.locator("main form").get_by_role("button", name=t["import_button"], exact=True))
    office.shot("import-done")
    assert t["imported"] in page.locator("main .alert-success").inner_text()
    assert page.locator("main .alert-danger").count() == 0
    summary = body_text(page)
    assert all(line in summary for line in t["summary"]), summary
    imported = Campaign.objects.get(name="2005年统一竞岗")
    assert Application.objects.filter(post__campaign=imported, outcome=Application.Outcome.APPOINTED).count() == 1
    page = office.go("/reports/")
    click(page, page.locator(f"main a[href='/reports/campaigns/{imported.pk}/']"))
    office.shot("imported-dashboard")
    assert page.locator("[data-figure=registrations]").inner_text() == "2"
    assert page.locator("[data-figure=appointed]").inner_text() == "1"
    assert office.console_errors == []
