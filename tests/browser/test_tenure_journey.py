"""The office manages a unit's terms in the browser: certificates within the unit's quota (one beyond it refused),
an annual review, an early termination with its exit record, then the term change that opens the next unified
campaign with a draft post for each expiring position.

Only the roster the office imported before (three serving section chiefs of one unit, whose quota is two) is made
with the factories; everything else is done on the pages, once in Chinese and once in English.
"""

import datetime

import pytest
from django.utils import timezone

from competition.models import Campaign, Post
from competition.models.units import Level
from tenure.models import AnnualReview, Certificate, Exit, Term
from tests.browser.test_campaign_journey import body_text, button, click, dates_are_kept, fits_the_screen
from tests.factories import OfficeUserFactory, PersonFactory, PositionFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"

T = {
    "zh-CN": {
        "issue": "颁发聘书",
        "issued": "聘书已颁发。",
        "over_quota": "罗店镇已有2名持聘书的正科级领导，已达正科级领导职数。",
        "not_issued": "未颁发",
        "record_review": "登记年度考核",
        "review_recorded": "年度考核已登记。",
        "excellent": "优秀",
        "terminate": "终止任期",
        "terminated": "任期已终止。请在下方登记退岗程序。",
        "terminated_status": "提前终止",
        "resignation": "辞职",
        "save": "保存",
        "exit_saved": "退岗程序已保存。",
        "exit_complete": "退岗程序已完成。",
        "preview": "预览任期届满的职位",
        "create": "创建竞岗活动",
        "created": "竞岗活动已创建，已为每个届满职位生成职位草稿。",
        "expiring": "2 个届满职位",
        "draft": "草稿",
    },
    "en": {
        "issue": "Issue the certificate",
        "issued": "Certificate issued.",
        "over_quota": "罗店镇 already has 2 certified section chiefs, its approved quota.",
        "not_issued": "Not issued",
        "record_review": "Record review",
        "review_recorded": "Annual review recorded.",
        "excellent": "Excellent",
        "terminate": "Terminate the term",
        "terminated": "The term has been terminated. Record the exit procedure below.",
        "terminated_status": "Terminated early",
        "resignation": "Resignation",
        "save": "Save",
        "exit_saved": "Exit procedure saved.",
        "exit_complete": "The exit procedure is complete.",
        "preview": "Preview the expiring positions",
        "create": "Create the campaign",
        "created": "Campaign created with a draft post for each expiring position.",
        "expiring": "2 expiring positions",
        "draft": "Draft",
    },
}

TERM_START, TERM_END = datetime.date(2024, 1, 10), datetime.date(2028, 12, 31)
CHIEFS = [("张伟", "综治办主任"), ("李娜", "党政办主任"), ("王芳", "经济发展办主任")]


def alert(page):
    return " ".join(page.locator("main .alert").all_inner_texts())


@pytest.fixture
def roster(db):
    """罗店镇, quota two, with three serving section chiefs imported without certificates (one is over the quota)."""
    unit = UnitFactory(name="罗店镇", leadership_quota=2)
    OfficeUserFactory(username="office", full_name="竞岗办王主任")
    terms = {}
    for name, title in CHIEFS:
        position = PositionFactory(unit=unit, title=title, level=Level.SECTION)
        person = PersonFactory(name=name, current_unit=unit, current_position=title)
        terms[name] = Term.objects.create(
            person=person, position=position, unit=unit, origin=Term.Origin.IMPORT,
            start=TERM_START, end=TERM_END, status=Term.Status.SERVING,
        )
    return {"unit": unit, "terms": terms}


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_certificates_review_termination_and_term_change_through_the_pages(journey, roster, language):
    t = T[language]
    unit, terms = roster["unit"], roster["terms"]
    office = journey("office", language=language)
    office.page.on("dialog", lambda dialog: dialog.accept())
    office.login("office", PASSWORD)

    # --- 1. The roster: three serving chiefs, a quota of two, no certificate yet ---
    page = office.go(f"/tenure/units/{unit.pk}/")
    fits_the_screen(office)
    office.shot("roster")
    quota = page.locator("[data-testid=quota]").inner_text()
    assert "3" in quota and "2" in quota
    assert page.locator("tbody tr", has_text=t["not_issued"]).count() == 3

    # --- 2. Certificates for two of them, within the quota; the third is refused with the rule's message ---
    codes = {}
    for name in ("张伟", "李娜"):
        page = office.go(f"/tenure/units/{unit.pk}/")
        click(page, page.locator("tbody tr", has_text=name).locator(f"a[href='/tenure/terms/{terms[name].pk}/']"))
        click(page, button(page, t["issue"]))
        office.shot(f"certificate-{name}")
        assert t["issued"] in alert(page)
        assert button(page, t["issue"]).count() == 0
        certificate = Certificate.objects.get(term=terms[name])
        codes[name] = certificate.code
        assert page.locator(f"a[href='/tenure/certificates/{certificate.pk}/']").inner_text() == certificate.code
    assert [c.number for c in Certificate.objects.filter(unit=unit).order_by("number")] == [1, 2]

    page = office.go(f"/tenure/terms/{terms['王芳'].pk}/")
    click(page, button(page, t["issue"]))
    office.shot("certificate-over-quota")
    assert t["over_quota"] in page.locator("main .alert-danger").inner_text()
    assert button(page, t["issue"]).count() == 1  # still to be issued once a place is free
    assert not Certificate.objects.filter(term=terms["王芳"]).exists()

    page = office.go(f"/tenure/units/{unit.pk}/")
    assert page.locator("tbody tr", has_text="张伟").locator("a[href^='/tenure/certificates/']").inner_text() == codes["张伟"]
    assert page.locator("tbody tr", has_text=t["not_issued"]).count() == 1
    assert "王芳" in page.locator("tbody tr", has_text=t["not_issued"]).inner_text()

    # --- 3. An annual review of 张伟's term ---
    page = office.go(f"/tenure/terms/{terms['张伟'].pk}/")
    review = page.locator("form[action$='/review/']")
    year = timezone.localdate().year
    assert review.locator("input[name=year]").input_value() == str(year)
    review.locator("select[name=rating]").select_option(value="excellent")
    review.locator("textarea[name=notes]").fill("全年综治工作成效显著。")
    office.shot("review-form")
    click(page, review.get_by_role("button", name=t["record_review"]))
    office.shot("review-recorded")
    assert t["review_recorded"] in alert(page)
    reviews = page.locator("section", has=page.locator("form[action$='/review/']")).locator("li").first.inner_text()
    assert f"{year}: {t['excellent']}" in reviews and "全年综治工作成效显著。" in reviews
    assert AnnualReview.objects.get(term=terms["张伟"]).rating == "excellent"

    # --- 4. 李娜 resigns: her term ends early, and her exit procedure is recorded ---
    today = timezone.localdate()
    page = office.go(f"/tenure/terms/{terms['李娜'].pk}/")
    dates_are_kept(page)
    form = page.locator("form[action$='/terminate/']")
    form.locator("select[name=reason]").select_option(value="resignation")
    form.locator("input[name=on]").fill(f"{today:%Y-%m-%d}")
    form.locator("input[name=note]").fill("本人申请辞去领导职务。")
    office.shot("terminate-form")
    click(page, form.get_by_role("button", name=t["terminate"]))
    office.shot("terminated")
    assert t["terminated"] in alert(page)
    status = page.locator("[data-testid=term-status]").inner_text()
    ended = f"{today.year}年{today.month}月{today.day}日" if language == "zh-CN" else today.isoformat()  # as the page writes it
    assert t["terminated_status"] in status and t["resignation"] in status and ended in status
    assert page.locator("form[action$='/terminate/']").count() == 0
    assert button(page, t["issue"]).count() == 0

    form = page.locator("form[action$='/exit/']")
    form.locator("input[name=talk_on]").fill(f"{today:%Y-%m-%d}")
    form.locator("input[name=handover_on]").fill(f"{today + datetime.timedelta(days=2):%Y-%m-%d}")
    form.locator("input[name=filed_on]").fill(f"{today + datetime.timedelta(days=5):%Y-%m-%d}")
    form.locator("select[name=arrangement]").select_option(value="non_leadership")
    form.locator("input[name=arrangement_details]").fill("转任一级主任科员")
    office.shot("exit-form")
    click(page, form.get_by_role("button", name=t["save"]))
    office.shot("exit-saved")
    assert t["exit_saved"] in alert(page)
    assert t["exit_complete"] in body_text(page)
    dates_are_kept(page, at_least=3)  # the saved steps come back in the form
    assert page.locator("form[action$='/exit/'] input[name=arrangement_details]").input_value() == "转任一级主任科员"
    terms["李娜"].refresh_from_db()
    assert (terms["李娜"].status, terms["李娜"].ended_on) == (Term.Status.TERMINATED, today)
    record = Exit.objects.get(term=terms["李娜"])
    assert record.is_complete and record.handover_on == today + datetime.timedelta(days=2)

    # --- 5. A place under the quota is free again: 王芳's certificate is issued now ---
    page = office.go(f"/tenure/terms/{terms['王芳'].pk}/")
    click(page, button(page, t["issue"]))
    assert t["issued"] in alert(page)
    assert Certificate.objects.get(term=terms["王芳"]).number == 3
    page = office.go(f"/tenure/units/{unit.pk}/")
    office.shot("roster-after")
    assert page.locator("tbody tr").count() == 2 and "李娜" not in page.locator("tbody").inner_text()
    assert page.locator("tbody tr", has_text=t["not_issued"]).count() == 0

    # --- 6. The term change: the next unified campaign with a draft post for each expiring position ---
    page = office.go("/tenure/")
    click(page, page.locator("main a[href='/tenure/term-change/']").first)
    opens = timezone.localtime() + datetime.timedelta(days=10)
    page.fill("input[name=name]", "2029年统一竞岗")
    page.fill("input[name=expiring_by]", f"{TERM_END:%Y-%m-%d}")
    page.fill("input[name=registration_opens]", f"{opens:%Y-%m-%d}T09:00")
    page.fill("input[name=registration_closes]", f"{opens + datetime.timedelta(days=7):%Y-%m-%d}T17:00")
    page.fill("input[name=unified_term_end]", "2033-12-31")
    page.fill("input[name=reappointment_deadline]", "2029-01-10")
    assert button(page, t["create"]).count() == 0  # preview first
    click(page, button(page, t["preview"]))
    office.shot("term-change-preview")
    dates_are_kept(page, at_least=5)
    assert page.locator("main h2", has_text=t["expiring"]).count() == 1
    expiring = page.locator("[data-testid=expiring] li").all_inner_texts()
    assert sorted(expiring) == ["罗店镇 经济发展办主任", "罗店镇 综治办主任"]  # not 李娜's: her term has ended
    assert not Campaign.objects.filter(name="2029年统一竞岗").exists()
    click(page, button(page, t["create"]))
    fits_the_screen(office)
    office.shot("term-change-campaign")
    assert t["created"] in alert(page)
    campaign = Campaign.objects.get(name="2029年统一竞岗")
    assert page.url.endswith(f"/office/campaigns/{campaign.pk}/")
    assert "2029年统一竞岗" in page.locator("main h1").inner_text()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    for title in ("综治办主任", "经济发展办主任"):
        row = rows.filter(has_text=title)
        assert "罗店镇" in row.inner_text()
        assert row.locator("[data-status=draft]").inner_text() == t["draft"]
    posts = Post.objects.filter(campaign=campaign)
    assert {(p.title, p.status, p.round.number) for p in posts} == {
        ("综治办主任", Post.Status.DRAFT, 1), ("经济发展办主任", Post.Status.DRAFT, 1)}
    assert campaign.unified_term_end == datetime.date(2033, 12, 31)
    assert campaign.reappointment_deadline == datetime.date(2029, 1, 10)
    assert office.console_errors == []
