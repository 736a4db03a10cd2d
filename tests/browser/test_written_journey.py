"""A campaign with a written exam (笔试, issue 17.1), in the browser: the office turns the option on in the campaign's
rules, arranges the exam (time, venue, rooms) and issues the tickets; a candidate prints his own admission ticket and
cannot open another's; the office fills in the mark sheet it downloaded and imports it (one absence, 缺考), publishes,
and the 1:3 cut lets three of the four who passed go on; each candidate reads his own mark and whether he goes on;
the interview then ranks by the combined score, written mark included. Each new page is checked with axe-core.

Registration and the interview's scoring, which this journey is not about, are done through the services.
"""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from competition.interviews import scoring
from competition.interviews import services as interviews
from competition.models import AdmissionTicket, Application, Examiner, Post, Round
from competition.registration import services as registration
from notifications.models import Notification
from tests.browser.test_accessibility import AXE, RUN_AXE
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    CandidateUserFactory,
    OfficeUserFactory,
    UnitFactory,
    UserFactory,
    post_in_state,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静"]
MARKS = {"张伟": 92, "李娜": 85, "王芳": 78, "刘洋": 70, "陈静": "缺考"}


def click(page, locator):
    with page.expect_navigation():
        locator.click()
    return page


def accessible(page):
    """No serious or critical WCAG 2 A/AA violation on the page (axe-core, as the accessibility crawl runs it)."""
    page.add_script_tag(url=AXE)
    assert page.evaluate(RUN_AXE) == [], page.url


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_campaign_with_a_written_exam_from_tickets_to_the_interview(journey):
    unit = UnitFactory(name="罗店镇")
    office_user = OfficeUserFactory(username="office", full_name="竞岗办王主任")
    campaign = CampaignFactory(name="2026年统一竞岗")
    people = {}
    for n, name in enumerate(NAMES):
        user = CandidateUserFactory(username=f"c{n}", full_name=name)
        user.person.name = name
        user.person.save(update_fields=["name"])
        people[name] = user

    # --- The office turns the written exam on in the campaign's rules ---
    office = journey("office")
    office.login("office", PASSWORD)
    page = office.go(f"/office/campaigns/{campaign.pk}/edit/")
    page.check("input[name=has_written_exam]")
    page.fill("input[name=written_pass_line]", "60")
    page.fill("input[name=interview_ratio]", "3")
    page.fill("input[name=written_exam_weight]", "40")
    page.fill("input[name=interview_weight]", "60")
    click(page, page.locator("main form [type=submit]").last)
    rule = page.locator("[data-testid=rule-written]").inner_text()
    assert "合格分数线60分" in rule and "1:3" in rule
    office.shot("rules")
    campaign.refresh_from_db()
    assert campaign.has_written_exam

    # Registration (not this journey's subject) closes through the service: five qualified, the post to the exam.
    post = post_in_state(Post.Status.REGISTRATION, campaign=campaign, unit=unit, title="综治办主任")
    for user in people.values():
        ApplicationFactory(post=post, round=post.round, person=user.person)
    Round.objects.filter(pk=post.round_id).update(registration_closes=timezone.now() - datetime.timedelta(seconds=1))
    registration.registration_close(post_id=post.pk, by=office_user)

    # --- The office arranges the exam from the post's page and issues the tickets ---
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == "笔试"
    assert "4. 笔试" in page.locator("ol.steps").inner_text()
    click(page, page.locator("[data-testid=next-step] a"))
    now = timezone.now()
    page.locator("select[name=posts]").select_option(label=str(post))
    page.fill("input[name=name]", "第一考点")
    page.fill("input[name=starts_at]", local(now - datetime.timedelta(hours=1)))
    page.fill("input[name=ends_at]", local(now + datetime.timedelta(hours=1)))
    page.fill("input[name=venue]", "区委党校")
    page.fill("textarea[name=rooms]", "第一考场 3\n第二考场 3")
    accessible(page)
    click(page, page.locator("main form [type=submit]").last)
    click(page, page.locator("[data-testid=written-issue]"))
    assert page.locator("[data-testid=written-status]").inner_text() == "准考证已发放"
    assert page.locator("[data-testid=written-tickets] tbody tr").count() == 5
    accessible(page)
    office.shot("tickets-issued")
    session_url = page.url.replace(office.base, "")

    # --- A candidate prints his own ticket, and cannot open another's ---
    zhang = journey("zhang", phone=True)
    zhang.login("c0", PASSWORD)
    page = zhang.go("/")
    page.locator(".navbar-toggler").click()  # the phone's menu
    click(page, page.get_by_role("link", name="我的笔试"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    accessible(page)
    click(page, page.locator("[data-testid=ticket-link]"))
    ticket = AdmissionTicket.objects.get(application__person__name="张伟")
    assert page.locator("[data-testid=ticket-number]").inner_text() == ticket.number
    assert page.locator("[data-testid=ticket-name]").inner_text() == "张伟"
    assert page.locator("[data-testid=ticket-seat]").inner_text() == str(ticket.seat)
    assert "考试须知" in page.locator("[data-testid=admission-ticket]").inner_text()
    assert page.get_by_role("button", name="打印").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    accessible(page)
    zhang.shot("ticket")
    other = AdmissionTicket.objects.get(application__person__name="李娜")
    assert zhang.page.goto(f"{zhang.base}/written/tickets/{other.pk}/").status == 404
    assert Notification.objects.filter(recipient=people["张伟"], kind="written_ticket").exists()

    # --- The office downloads the mark sheet, fills it in and imports it ---
    page = office.go(session_url)
    with page.expect_download() as download:
        page.locator(f"a[href='{session_url}marks.xlsx']").first.click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = workbook.worksheets[0]  # named in the reader's language (笔试成绩登记表)
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=6).value = MARKS[sheet.cell(row=row, column=2).value]
    filled = io.BytesIO()
    workbook.save(filled)
    click(page, page.locator("[data-testid=written-import]"))
    accessible(page)
    page.set_input_files("input[name=sheet]", {"name": "成绩登记表.xlsx", "buffer": filled.getvalue(),
                                               "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    click(page, page.locator("main form [type=submit]").last)
    assert "已导入5个成绩" in page.locator("main").inner_text()
    office.shot("marks-imported")

    # --- The office publishes: four passed the line, the best three go on (1:3), the absent one does not ---
    click(page, page.locator("[data-testid=written-publish]"))
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == "面试"
    results = page.locator("[data-testid=written-results]").inner_text()
    assert "合格，未进入面试比例" in results and "缺考" in results
    accessible(page)
    office.shot("written-results")
    outcomes = dict(Application.objects.filter(post=post).values_list("person__name", "outcome"))
    assert outcomes == {"张伟": "", "李娜": "", "王芳": "", "刘洋": "written_failed", "陈静": "written_failed"}

    # --- Each candidate reads his own result ---
    page = zhang.go("/written/my-exams/")
    assert page.locator("[data-testid=written-mark]").inner_text() == "92.00"
    assert page.locator("[data-testid=written-result]").inner_text() == "您进入面试。"
    chen = journey("chen")
    chen.login("c4", PASSWORD)
    page = chen.go("/written/my-exams/")
    assert page.locator("[data-testid=written-mark]").inner_text() == "缺考"
    assert page.locator("[data-testid=written-result]").inner_text() == "您未进入面试。"
    accessible(page)

    # --- The interview proceeds with the three who went on; the combined score reads the written mark ---
    examiners = [Examiner.objects.create(name=f"考官{n}", user=UserFactory(username=f"ex{n}")) for n in range(5)]
    post.refresh_from_db()
    session = interviews.session_create(campaign=campaign, name="第一面试组", posts=[post], by=office_user)
    assert sorted(session.slots.values_list("application__person__name", flat=True)) == sorted(["张伟", "李娜", "王芳"])
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in examiners], by=office_user)
    interviews.session_draw(session_id=session.pk, by=office_user)
    interviews.session_start(session_id=session.pk, by=office_user)
    interview = {"张伟": 80, "李娜": 90, "王芳": 85}
    for slot in session.slots.select_related("application__person"):
        for examiner in examiners:
            scoring.score_save(session_id=session.pk, application_id=slot.application_id,
                               value=interview[slot.application.person.name], by=examiner.user)  # fmt: skip
    scoring.session_close(session_id=session.pk, by=office_user)
    scoring.session_publish(session_id=session.pk, by=office_user)
    # 张伟 92×40% + 80×60% = 84.80; 李娜 85×40% + 90×60% = 88.00; 王芳 78×40% + 85×60% = 82.20.
    combined = dict(Application.objects.filter(post=post, combined_score__isnull=False).values_list("person__name", "combined_score"))
    assert combined == {"张伟": D("84.80"), "李娜": D("88.00"), "王芳": D("82.20")}
    page = zhang.go("/interviews/my-results/")
    assert page.locator("[data-testid=final-score]").inner_text() == "84.80"
    assert "笔试 92.00 × 40%" in page.locator("[data-testid=score-parts]").inner_text()
    page = office.go(f"/office/posts/{post.pk}/")
    table = page.locator("[data-testid=combined-scores]").inner_text()
    assert table.index("李娜") < table.index("张伟") < table.index("王芳") and "92.00" in table
    office.shot("combined-scores")
