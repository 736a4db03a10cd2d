"""One campaign walked through the interface by its users, from the release of a post to the appointee on the dashboard.

Only the clock ("time passes") and the set-up of people the office enrols outside this product (examiners,
the committee) go through the ORM; everything a user does is done on the pages, once in Chinese and once in
English, without the Django admin or the shell: the campaign's rules saved with their dates, the registration
window changed and closed early on its page, the publicity ended by the office once its period is over. Every date
input met keeps its value in the browser; every mail sent has a body with a link. Candidate and examiner pages are
visited on a phone-sized viewport and must not overflow sideways.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from competition.models import (
    Application,
    CommitteeMember,
    CommitteeMemberRelative,
    Examiner,
    ExaminerRelative,
    InspectionNotice,
    Inspector,
    Person,
    Post,
    Publicity,
    Round,
)
from tenure.models import Term
from tests.factories import CampaignFactory, OfficeUserFactory, RoundFactory, SecretaryFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"

T = {
    "zh-CN": {
        "draft": "草稿",
        "submit": "提交竞岗办",
        "accept": "受理",
        "announce": "公布",
        "open_registration": "开始报名",
        "registration": "报名中",
        "apply": "报名",
        "confirm_all": "确认全部预审通过的报名",
        "close_registration": "截止报名",
        "interview": "面试",
        "save": "保存",
        "save_examiners": "保存考官",
        "draw": "抽签确定面试顺序",
        "start": "开始面试",
        "close_session": "结束面试",
        "publish_results": "公布结果",
        "evaluation": "民主测评",
        "open_evaluation": "开始民主测评",
        "issue_codes": "生成并打印测评码",
        "continue": "继续",
        "cast": "提交测评票",
        "excellent": "优秀",
        "competent": "称职",
        "close_tally": "结束并计票",
        "inspection": "组织考察",
        "publish_notice": "发布考察预告",
        "choose_team": "确定考察组",
        "publicity": "任前公示",
        "approve": "审批并发布",
        "published": "公示中",
        "record": "登记",
        "unsubstantiated": "反映问题不属实",
        "decision": "党委（党组）讨论决定",
        "record_decision": "登记讨论决定",
        "save_decision": "保存讨论决定",
        "appointed": "已任用",
        "send": "提交",
        "agree": "同意",
        "issue_certificate": "颁发聘书",
        "close_now": "立即截止报名",
        "end_publicity": "结束公示，进入讨论决定",
    },
    "en": {
        "draft": "Draft",
        "submit": "Submit to the office",
        "accept": "Accept",
        "announce": "Announce",
        "open_registration": "Open registration",
        "registration": "Registration",
        "apply": "Apply",
        "confirm_all": "Confirm all that pass the pre-check",
        "close_registration": "Close registration",
        "interview": "Interview",
        "save": "Save",
        "save_examiners": "Save examiners",
        "draw": "Draw the order by lot",
        "start": "Start the session",
        "close_session": "Close the session",
        "publish_results": "Publish the results",
        "evaluation": "Democratic evaluation",
        "open_evaluation": "Open the evaluation",
        "issue_codes": "Issue and print the codes",
        "continue": "Continue",
        "cast": "Cast the ballot",
        "excellent": "Excellent",
        "competent": "Competent",
        "close_tally": "Close and tally",
        "inspection": "Inspection",
        "publish_notice": "Publish the inspection notice",
        "choose_team": "Choose the inspection team",
        "publicity": "Pre-appointment publicity",
        "approve": "Approve and publish",
        "published": "Published",
        "record": "Record",
        "unsubstantiated": "Not substantiated",
        "decision": "Committee decision",
        "record_decision": "Record the decision",
        "save_decision": "Save the decision",
        "appointed": "Appointed",
        "send": "Send",
        "agree": "Agree",
        "issue_certificate": "Issue the certificate",
        "close_now": "Close registration now",
        "end_publicity": "End the publicity now and go to the decision",
    },
}

CANDIDATES = [
    # username, name, resident ID number (valid check digit), phone
    ("zhangwei", "张伟", "110105198503070014", "13800000001"),
    ("lina", "李娜", "110105198811120027", "13800000002"),
]


EXAMINERS = ["赵考官", "钱考官", "孙考官", "李考官", "周考官"]


def id_number(birth, serial):
    body = f"110105{birth:%Y%m%d}{serial:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def click(page, selector_or_locator):
    """Click and wait for the page the click leads to."""
    locator = page.locator(selector_or_locator) if isinstance(selector_or_locator, str) else selector_or_locator
    with page.expect_navigation():
        locator.click()
    return page


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def fits_the_screen(journey):
    width, inner = journey.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{journey.page.url} overflows sideways: {width}px on a {inner}px screen"


def dates_are_kept(page, at_least=1):
    """Every date and datetime input on the page shows the value the server rendered (a browser blanks a value it
    cannot read, such as ``2026/12/02``, and then refuses to submit a required field)."""
    inputs = page.eval_on_selector_all(
        "input[type=date], input[type=datetime-local]",
        "els => els.map(e => [e.name, e.getAttribute('value') || '', e.value])",
    )
    assert len([i for i in inputs if i[1]]) >= at_least, inputs
    assert [i for i in inputs if i[1] != i[2]] == [], inputs


def in_words(day, language):
    """A date as the page writes it: 2026年5月8日 in Chinese, ISO in English (config/formats)."""
    return f"{day.year}年{day.month}月{day.day}日" if language == "zh-CN" else day.isoformat()


def body_text(page):
    return page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")


@pytest.fixture
def people(db):
    unit = UnitFactory(name="罗店镇")
    yuepu = UnitFactory(name="月浦镇")
    SecretaryFactory(username="luodian", secretary_of=unit, full_name="罗店镇书记")
    OfficeUserFactory(username="office", full_name="竞岗办王主任")
    # 差额考察: one more candidate inspected than the places.
    campaign = CampaignFactory(name="2026年统一竞岗", inspection_extra=1)
    # The inspection team pool; the member from 月浦镇 is recused for its candidates.
    Inspector.objects.create(name="组织部干部一科 刘科长")
    Inspector.objects.create(name="组织部干部一科 陈干事")
    Inspector.objects.create(name="月浦镇 组织委员", unit=yuepu)
    for n, name in enumerate(EXAMINERS, start=1):
        # The last examiner of the pool has no login yet: the office invites him on his page.
        user = UserFactory(username=f"examiner{n}", full_name=name) if n < len(EXAMINERS) else None
        Examiner.objects.create(user=user, name=name, title="处长")
    now = timezone.now()
    RoundFactory(campaign=campaign, number=1, registration_opens=now - datetime.timedelta(hours=1),
                 registration_closes=now + datetime.timedelta(days=7))
    return {"unit": unit, "campaign": campaign}


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_one_campaign_from_release_to_appointment_through_the_pages(journey, people, language):
    t = T[language]
    campaign = people["campaign"]
    journeys = []

    def open_journey(name, **kwargs):
        j = journey(name, language=language, **kwargs)
        j.page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons ask first
        journeys.append(j)
        return j

    # --- 0. The office sets the campaign's rules; saved with only some fields changed, its dates stay ---
    office = open_journey("office")
    office.login("office", PASSWORD)
    start_date, term_end = campaign.start_date, campaign.unified_term_end
    page = office.go(f"/office/campaigns/{campaign.pk}/")
    click(page, page.locator(f"a[href='/office/campaigns/{campaign.pk}/edit/']"))
    dates_are_kept(page, at_least=2)
    page.fill("textarea[name=description]", "本次竞岗面向全区。")
    page.fill("input[name=min_qualified_applicants]", "2")
    office.shot("campaign-rules")
    click(page, "main form [type=submit]")
    campaign.refresh_from_db()
    assert campaign.description == "本次竞岗面向全区。" and campaign.min_qualified_applicants == 2
    assert (campaign.start_date, campaign.unified_term_end) == (start_date, term_end)
    mail.outbox.clear()

    # --- 1. The unit secretary releases a post ---
    secretary = open_journey("secretary")
    secretary.login("luodian", PASSWORD)
    page = secretary.go(f"/office/campaigns/{campaign.pk}/")
    secretary.shot("campaign")
    click(page, page.locator(f"a[href='/office/campaigns/{campaign.pk}/posts/new/']").first)
    page.fill("input[name=title]", "综治办主任")
    page.fill("input[name=max_age]", "45")
    page.fill("textarea[name=duties]", "负责全镇综合治理工作。")
    secretary.shot("draft-form")
    click(page, "main form [type=submit]")
    assert page.locator("[data-testid=post-status]").inner_text() == t["draft"]
    assert page.locator("[data-action=accept]").count() == 0
    click(page, "[data-action=submit]")
    secretary.shot("submitted")
    post = Post.objects.get(title="综治办主任")
    assert page.locator("[data-action=submit]").count() == 0

    # --- 2. The office accepts and announces it; registration opens ---
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-action=announce]").count() == 0
    assert page.locator("[data-testid=next-step]").get_attribute("data-step") == "accept"
    click(page, "[data-action=accept]")
    assert page.locator("[data-testid=next-step]").get_attribute("data-step") == "announce"
    page.locator("select[name=round]").select_option(index=1)
    click(page, "[data-action=announce]")  # the round chosen and the post announced in one step
    assert page.locator("[data-testid=next-step]").get_attribute("data-step") == "open_registration"
    click(page, "[data-action=open_registration]")
    office.shot("registration-open")
    assert page.locator("[data-testid=post-status]").inner_text() == t["registration"]
    assert "0" in page.locator("[data-testid=registration-panel]").inner_text()

    # --- 3. Two candidates sign up, fill in their profiles and apply, on a phone ---
    for n, (username, name, _unused, phone) in enumerate(CANDIDATES):
        candidate = open_journey(username, phone=True)
        page = candidate.go("/posts/")
        fits_the_screen(candidate)
        candidate.shot("board")
        assert "综治办主任" in body_text(page)
        click(page, page.get_by_role("link", name=re.compile("综治办主任")).first)
        candidate.shot("post")
        assert button(page, t["apply"]).count() == 0  # not logged in yet
        page = candidate.go("/candidate/sign-up/")
        fits_the_screen(candidate)
        page.fill("input[name=username]", username)
        page.fill("input[name=full_name]", name)
        page.fill("input[name=email]", f"{username}@example.cn")
        page.fill("input[name=password1]", PASSWORD)
        page.fill("input[name=password2]", PASSWORD)
        candidate.shot("sign-up")
        sent = len(mail.outbox)
        click(page, "main form [type=submit]")
        candidate.shot("sign-up-done")
        assert f"{username}@example.cn" in body_text(page)
        assert len(mail.outbox) == sent + 1
        link = re.search(r"https?://\S+/candidate/verify/\S+/", mail.outbox[-1].body).group(0)
        page.goto(link)
        fits_the_screen(candidate)
        candidate.shot("verify")
        click(page, "main form [type=submit]")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        click(page, "main form button[type=submit]")
        assert page.url.endswith("/candidate/profile/")
        fits_the_screen(candidate)
        # The account's name and verified address are already filled in.
        assert page.input_value("input[name=name]") == name
        assert page.input_value("input[name=email]") == f"{username}@example.cn"
        page.fill("input[name=id_number]", id_number(datetime.date(1985 + n, 3, 7), 11 + n))
        page.fill("input[name=phone]", phone)
        page.locator("select[name=current_unit]").select_option(label="月浦镇")
        page.fill("input[name=current_position]", "副主任")
        page.locator("select[name=leadership_level]").select_option(value="deputy_section")
        page.fill("input[name=rank_since]", "2015-01-01")
        page.locator("select[name=education]").select_option(value="bachelor")
        page.fill("input[name=work_started]", "2008-07-01")
        page.check("input[name=declaration]")
        candidate.shot("profile-form")
        click(page, "main form [type=submit]")
        fits_the_screen(candidate)
        candidate.shot("profile-saved")
        born = in_words(datetime.date(1985 + n, 3, 7), language)
        assert page.locator("[data-testid=birth-date]").inner_text() == born
        page = candidate.go("/candidate/profile/")  # the saved dates come back, and survive a second save
        assert page.input_value("input[name=rank_since]") == "2015-01-01"
        dates_are_kept(page, at_least=2)
        click(page, page.locator("main form [type=submit]").first)
        person = Person.objects.get(user__username=username)
        assert (person.rank_since, person.work_started) == (datetime.date(2015, 1, 1), datetime.date(2008, 7, 1))
        page = candidate.go(f"/posts/{post.pk}/")
        page.fill("textarea[name=statement]", f"{name}的竞岗陈述。")
        click(page, button(page, t["apply"]))
        fits_the_screen(candidate)
        candidate.shot("applied")
        assert "综治办主任" in body_text(page)
        assert candidate.console_errors == []

    assert Application.objects.filter(post=post).count() == 2

    # --- 4. The office confirms qualification, moves the deadline, then closes registration early on a page ---
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=registration-window]").count() == 1
    panel = page.locator("[data-testid=registration-panel]")
    assert "张伟" in panel.inner_text() and "李娜" in panel.inner_text()
    assert button(page, t["close_registration"]).count() == 0  # the window is still open
    click(page, button(page, t["confirm_all"]))
    office.shot("qualified")
    assert page.locator("[data-testid=registration-panel] [data-status=qualified]").count() == 2
    # The unit secretary follows the applications but reviews nothing.
    unit_view = secretary.go(f"/office/posts/{post.pk}/")
    assert unit_view.locator("[data-testid=registration-panel] [data-status=qualified]").count() == 2
    assert unit_view.locator("form[action*='/review/'], form[action*='/confirm/'], form[action*='/close/']").count() == 0
    secretary.shot("applications")
    round_ = Round.objects.get(campaign=campaign)
    page = office.go(f"/office/posts/{post.pk}/")
    click(page, page.locator(f"[data-testid=registration-window] a[href='/office/rounds/{round_.pk}/edit/']"))
    dates_are_kept(page, at_least=2)
    later = timezone.localtime(round_.registration_closes + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.fill("input[name=registration_closes]", later)
    office.shot("round-window")
    click(page, page.locator("main form [type=submit]").first)
    round_.refresh_from_db()
    assert timezone.localtime(round_.registration_closes).strftime("%Y-%m-%dT%H:%M") == later
    page = office.go(f"/office/rounds/{round_.pk}/edit/")
    assert page.input_value("input[name=registration_closes]") == later
    page.fill("textarea[name=reason]", "报名人数已满足要求，提前截止。")
    click(page, button(page, t["close_now"]))
    office.shot("registration-closed")
    round_.refresh_from_db()
    assert round_.has_closed()
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == t["interview"]
    assert "报名人数已满足要求，提前截止。" in page.locator("[data-testid=post-log]").inner_text()
    # The candidates' pages no longer offer what the server would refuse.
    first = next(j for j in journeys if j.name == "zhangwei")
    page = first.go("/candidate/applications/")
    click(page, page.get_by_role("link", name=re.compile("综治办主任")).first)
    first.shot("application-after-close")
    assert page.locator("form[action$='/withdraw/'], textarea[name=statement]").count() == 0

    # --- 5a. The office invites the examiner who has no login; he sets his password by the mailed link ---
    invited = Examiner.objects.get(user__isnull=True)
    page = office.go("/interviews/examiners/")
    click(page, page.locator(f"a[href='/interviews/examiners/{invited.pk}/']").first)
    page.fill("input[name=account-username]", f"examiner{len(EXAMINERS)}")
    page.fill("input[name=account-email]", "zhou@example.cn")
    page.locator("input[name=account-method][value=invite]").check()
    office.shot("examiner-invite")
    sent = len(mail.outbox)
    click(page, page.locator(f"form[action='/interviews/examiners/{invited.pk}/account/'] [type=submit]"))
    assert page.locator("[data-testid=examiner-account]").count() == 1
    invitation = mail.outbox[sent]
    assert invitation.to == ["zhou@example.cn"]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", invitation.body).group(0)
    newcomer = open_journey("invited-examiner", phone=True)
    page = newcomer.page
    page.goto(link)
    fits_the_screen(newcomer)
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    newcomer.shot("invitation")
    click(page, page.locator("main form [type=submit]").first)
    assert "/accounts/login/" in page.url
    newcomer.close()

    # --- 5. The office sets up the interview session, draws the order and starts it ---
    page = office.go("/interviews/sessions/")
    click(page, page.locator("a[href='/interviews/sessions/new/']"))
    page.locator("select[name=campaign]").select_option(label=campaign.name)
    page.fill("input[name=name]", "第一面试组")
    page.locator("select[name=posts]").select_option(label=str(post))
    page.fill("input[name=venue]", "区委党校301室")
    office.shot("session-form")
    click(page, page.locator("main form [type=submit]").last)
    page.locator("select[name=examiners]").select_option(
        value=[str(pk) for pk in Examiner.objects.order_by("pk").values_list("pk", flat=True)])
    click(page, button(page, t["save_examiners"]))
    click(page, button(page, t["draw"]))
    assert page.locator("[data-testid=draw-seed]").inner_text()
    click(page, button(page, t["start"]))
    office.shot("session-started")
    assert button(page, t["draw"]).count() == 0 and button(page, t["close_session"]).count() == 1
    session_url = page.url

    # --- 6. The examiners score on their phones ---
    scores = {"张伟": ["88", "90", "86", "89", "87"], "李娜": ["80", "82", "78", "81", "79"]}
    for n in range(len(EXAMINERS)):
        examiner = open_journey(f"examiner{n + 1}", phone=True)
        examiner.login(f"examiner{n + 1}", PASSWORD)
        page = examiner.go("/interviews/sessions/")
        fits_the_screen(examiner)
        click(page, page.get_by_role("link", name=re.compile("第一面试组")))
        fits_the_screen(examiner)
        assert page.locator("[data-testid^=slot-] .badge").count() == 0  # the others' scores are not shown
        assert button(page, t["save"]).count() == 2
        for name, values in scores.items():
            item = page.locator("[data-testid^=slot-]", has_text=name)
            item.locator("input[name=value]").fill(values[n])
            click(page, item.get_by_role("button", name=t["save"]))
            assert page.locator("[data-testid^=slot-]", has_text=name).locator(".badge").inner_text() == f"{values[n]}.00"
        fits_the_screen(examiner)
        examiner.shot("scored")
        assert page.locator("input[name=value]").count() == 2  # own scores only, still editable while started

    # --- 7. The office closes the session and publishes the results ---
    page = office.go(session_url.replace(office.base, ""))
    table = page.locator("[data-testid=score-table]").inner_text()
    assert "88" in table and "80" in table
    click(page, button(page, t["close_session"]))
    assert button(page, t["publish_results"]).count() == 1
    click(page, button(page, t["publish_results"]))
    office.shot("results-published")
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == t["evaluation"]
    ranking = page.locator("[data-testid=interview-panel]").inner_text()
    assert ranking.index("张伟") < ranking.index("李娜")
    # Five examiners, the highest and lowest dropped: 张伟 (88+89+87)/3, 李娜 (80+81+79)/3.
    assert "88.00" in ranking and "80.00" in ranking and "88.000" not in ranking  # two decimals, as the rules
    office.shot("post-evaluation")

    # --- 8. Democratic evaluation: codes printed, typed on the public vote page, closed ---
    page.fill("input[name=called]", "3")
    click(page, button(page, t["open_evaluation"]))
    click(page, button(page, t["issue_codes"]))
    office.shot("code-slips")
    codes = [c.strip() for c in page.locator("[data-testid=code]").all_inner_texts()]
    assert len(codes) == 3 and len(set(codes)) == 3
    assert page.eval_on_selector_all(  # each code on one line of its slip, as it is to be typed
        "[data-testid=code]",
        "els => els.every(e => e.scrollWidth <= e.clientWidth"
        " && e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).fontSize))",
    )
    assert office.page.locator(".code-slip-qr svg").count() == 3
    for n, code in enumerate(codes):
        voter = open_journey(f"voter{n + 1}", phone=True)
        if n == 1:
            # Scanned from the slip's QR code: the code arrives in the fragment, is put in the field by the page's
            # own script and leaves the address bar; no request the browser makes carries it.
            requested = []
            voter.page.on("request", lambda r, requested=requested: requested.append(r.url + (r.post_data or "")))
            page = voter.go(f"/vote/#code={code}")
            assert page.input_value("input[name=code]") == code
            assert code not in page.url
            assert not any(code in url for url in requested)
        else:
            page = voter.go("/vote/")
            page.fill("input[name=code]", code.lower() if n == 0 else code)
        fits_the_screen(voter)
        click(page, button(page, t["continue"]))
        fits_the_screen(voter)
        ballot = page.locator("fieldset", has_text="张伟")
        ballot.get_by_label(t["excellent"], exact=True).check()
        page.locator("fieldset", has_text="李娜").get_by_label(t["competent"], exact=True).check()
        voter.shot("ballot")
        click(page, button(page, t["cast"]))
        fits_the_screen(voter)
        voter.shot("voted")
    page = voter.go("/vote/")
    page.fill("input[name=code]", codes[0])
    click(page, button(page, t["continue"]))
    assert page.locator("fieldset").count() == 0  # a code votes once
    assert page.locator(".alert-danger, .invalid-feedback").count() == 1
    voter.shot("code-used")
    page = office.go(f"/office/posts/{post.pk}/")
    assert "3" in page.locator("[data-testid=panel-evaluation]").inner_text()
    click(page, button(page, t["close_tally"]))
    office.shot("evaluation-closed")
    page = office.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == t["inspection"]

    # --- 9. The inspection (差额: both who passed the evaluation): its notice, the team, each one's checklist ---
    click(page, page.get_by_role("link", name=t["publish_notice"]))
    fits_the_screen(office)
    dates_are_kept(page, at_least=2)
    assert "张伟" in body_text(page) and "李娜" in body_text(page)
    office.shot("inspection-notice-form")
    click(page, "main form [type=submit]")
    notice = InspectionNotice.objects.get(post=post)
    public = open_journey("public", phone=True)
    page = public.go("/inspection/")
    click(page, page.locator(f"a[href='/inspection/{notice.pk}/']"))
    fits_the_screen(public)
    notice_text = body_text(page)
    assert "张伟" in notice_text and "李娜" in notice_text and "12380" in notice_text
    assert "110105" not in notice_text  # no ID number on a public page
    public.shot("inspection-notice")
    page = office.go(f"/office/posts/{post.pk}/")
    click(page, page.get_by_role("link", name=t["choose_team"]))
    for name in ("组织部干部一科 刘科长", "组织部干部一科 陈干事", "月浦镇 组织委员"):
        page.get_by_label(name).check()
    office.shot("inspection-team")
    click(page, "main form [type=submit]")
    # The member from the candidates' own unit is recused for both, and the page says so.
    assert page.locator("[data-testid=panel-inspection] [data-testid=recusal]").count() == 2
    today = timezone.localdate()
    for name in ("张伟", "李娜"):
        click(page, page.locator("[data-testid=panel-inspection]").get_by_role("link", name=name))
        fits_the_screen(office)
        for item in ("birth_date", "work_start", "party_date", "education", "work_history", "identity"):
            page.check(f"input[name=file_{item}][value=confirmed]")
        page.check("input[name=integrity_opinion][value=clear]")
        page.fill("input[name=integrity_opinion_by]", "区纪委监委")
        page.fill("input[name=integrity_opinion_on]", f"{today:%Y-%m-%d}")
        page.check("input[name=personal_matters][value=consistent]")
        page.fill("input[name=people_talked_to]", "12")
        assert page.input_value("input[name=evaluation_result]")  # from the democratic evaluation
        office.shot("inspection-checklist")
        click(page, page.locator("section[aria-labelledby=checklist-heading] form [type=submit]"))
        assert page.locator("[data-testid=checklist-state]").inner_text() in ("已完成", "checklist complete")
        form = page.locator("[data-testid=conclusion-form]")
        form.locator("input[name=conclusion][value=pass]").check()
        form.locator("textarea[name=findings]").fill("德才表现良好，群众公认。")
        form.locator("input[name=report]").set_input_files(
            {"name": "考察报告.pdf", "mimeType": "application/pdf",
             "buffer": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"})  # fmt: skip
        office.shot("inspection-conclusion")
        click(page, form.locator("[type=submit]"))
    office.shot("inspection-recorded")
    assert page.locator("[data-testid=post-status]").inner_text() == t["publicity"]
    panel = page.locator("[data-testid=panel-publicity]")
    assert "张伟" in panel.inner_text()
    assert button(page, t["approve"]).count() == 0  # the unit secretary approves, not the office

    # --- 10. The unit secretary approves the publicity notice ---
    page = secretary.go(f"/office/posts/{post.pk}/")
    secretary.shot("publicity-awaiting")
    click(page, button(page, t["approve"]))
    secretary.shot("publicity-approved")
    assert page.locator("[data-testid=publicity-status]").inner_text() == t["published"]
    assert button(page, t["approve"]).count() == 0
    notice = Publicity.objects.get(post=post)

    # --- 11. Someone files an objection from the public publicity page ---
    citizen = open_journey("citizen", phone=True)
    page = citizen.go("/publicity/")
    fits_the_screen(citizen)
    citizen.shot("publicity-list")
    click(page, page.locator(f"a[href='/publicity/{notice.pk}/']").first)
    fits_the_screen(citizen)
    assert "张伟" in body_text(page)
    page.fill("input[name=name]", "王群众")
    page.fill("input[name=contact]", "13900000000")
    page.fill("textarea[name=text]", "反映该同志在原单位工作期间存在作风问题，请核查。")
    citizen.shot("objection-form")
    click(page, button(page, t["send"]))
    fits_the_screen(citizen)
    citizen.shot("objection-received")
    reference = page.locator("[data-testid=reference]").inner_text()
    assert re.fullmatch(r"YY\d{8}-[0-9A-F]{6}", reference)

    # --- 12. The office investigates: not substantiated ---
    page = office.go(f"/office/posts/{post.pk}/")
    panel = page.locator("[data-testid=panel-publicity]")
    # Who objected is not on the panel: the office opens it on its own page, and the look is audited.
    assert reference in panel.inner_text() and "王群众" not in panel.inner_text()
    click(page, panel.locator("[data-testid=objector-identity-link]"))
    assert "王群众" in page.locator("[data-testid=objector-identity]").inner_text()
    office.shot("objector-identity")
    page = office.go(f"/office/posts/{post.pk}/")
    panel = page.locator("[data-testid=panel-publicity]")
    panel.locator("textarea[name=investigation]").fill("经调查核实，反映问题查无实据。")
    panel.locator("select[name=result]").select_option(value="unsubstantiated")
    click(page, panel.get_by_role("button", name=t["record"], exact=True))
    office.shot("objection-investigated")
    panel = page.locator("[data-testid=panel-publicity]")
    assert t["unsubstantiated"] in panel.inner_text()
    assert panel.locator("textarea[name=investigation]").count() == 0

    # --- 13. The post page says when the publicity ends; time passes; the office ends it ---
    notice.refresh_from_db()
    assert in_words(notice.end_date, language) in page.locator("[data-testid=publicity-end]").inner_text()
    assert button(page, t["end_publicity"]).count() == 0  # its period is not over
    Publicity.objects.filter(pk=notice.pk).update(
        start_date=timezone.localdate() - datetime.timedelta(days=10),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = office.go(f"/office/posts/{post.pk}/")
    click(page, button(page, t["end_publicity"]))
    office.shot("publicity-ended")

    # --- 14. The unit secretary records the committee decision, its attendance from the committee's roster ---
    # The committee (enrolled outside this product): seven members, one of whom declared 张伟 his relative.
    appointee = Application.objects.get(post=post, person__name="张伟").person
    seats = [
        CommitteeMember.objects.create(
            unit=people["unit"], name=member, serving_from=timezone.localdate() - datetime.timedelta(days=700),
            role=CommitteeMember.Role.SECRETARY if n == 0 else CommitteeMember.Role.MEMBER,
        )
        for n, member in enumerate(["罗书记", "镇长", "副书记", "组织委员", "宣传委员", "纪委书记", "武装部长"])
    ]
    CommitteeMemberRelative.objects.create(member=seats[6], person=appointee, kind=ExaminerRelative.Kind.COLLATERAL)
    page = secretary.go(f"/office/units/{people['unit'].pk}/committee/")
    secretary.shot("committee-roster")
    assert page.locator("[data-testid=roster] tbody tr").count() == 7
    page = secretary.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == t["decision"]
    click(page, page.get_by_role("link", name=t["record_decision"]))
    fits_the_screen(secretary)
    dates_are_kept(page)
    assert page.locator("[data-testid=recused]").count() == 1  # 武装部长 leaves 张伟's item
    for seat in seats[:6]:
        page.locator(f"select[name=vote_{seat.pk}]").select_option(value="agree")
    assert page.locator(f"select[name=vote_{seats[6].pk}]").count() == 0
    page.locator("input[name=meeting_no]").fill("12")
    page.locator("input[name=place]").fill("镇机关三楼会议室")
    secretary.shot("decision-form")
    click(page, button(page, t["save_decision"]))
    secretary.shot("decision-record")
    record = body_text(page)
    present = page.locator("[data-testid=present]").inner_text()
    assert "张伟" in record and "镇机关三楼会议室" in record and "第12次会议" in record
    assert present.count("罗书记") == 1 and len(present.split("、")) == 6
    assert "6" in page.locator("[data-testid=counts]").inner_text()
    assert page.locator("[data-testid=recused]").count() == 1
    page = secretary.go(f"/office/posts/{post.pk}/")
    assert page.locator("[data-testid=post-status]").inner_text() == t["appointed"]
    secretary.shot("appointed")

    # --- 14b. The appointment formalities: the pre-appointment talk, then the document; only then the term ---
    assert not Term.objects.filter(post=post).exists()
    page = secretary.go(f"/office/posts/{post.pk}/")
    click(page, page.locator("[data-testid=panel-decision] a[href$='/formalities/']").first)
    dates_are_kept(page, at_least=2)
    today = timezone.localdate().isoformat()
    talk = page.locator("[data-testid=talk]")
    talk.locator("input[name=talked_by]").fill("区委组织部 王部长")
    talk.locator("input[name=talk_on]").fill(today)
    talk.locator("textarea[name=talk_points]").fill("肯定成绩，指出不足，提出要求。")
    click(page, talk.locator("button[type=submit]"))
    document = page.locator("[data-testid=document]")
    document.locator("input[name=document_date]").fill(today)
    document.locator("input[name=effective_on]").fill(today)
    secretary.shot("formalities")
    click(page, document.locator("button[type=submit]"))
    assert page.locator("[data-testid=term-started]").count() == 1
    assert Term.objects.get(post=post).start == timezone.localdate()
    assert re.search(r"〔\d{4}〕1号", page.locator("[data-testid=document]").inner_text())  # numbered by the body

    # --- 15. The certificate is issued and printed ---
    page = office.go(f"/tenure/units/{people['unit'].pk}/")
    office.shot("tenure-roster")
    click(page, page.get_by_role("link", name="张伟").first)
    office.shot("person")
    click(page, page.locator("main a[href^='/tenure/terms/']").first)
    office.shot("term")
    click(page, button(page, t["issue_certificate"]))
    assert button(page, t["issue_certificate"]).count() == 0
    click(page, page.locator("a[href^='/tenure/certificates/']"))
    office.shot("certificate")
    certificate = body_text(page)
    assert "张伟" in certificate and "综治办主任" in certificate

    # --- 15b. A year later the promotion's probation ends with its assessment: confirmed ---
    term = Term.objects.get(post=post)
    assert term.status == Term.Status.PROBATION and term.probation_end is not None
    a_year = datetime.timedelta(days=366)
    Term.objects.filter(pk=term.pk).update(start=term.start - a_year, end=term.end - a_year,
                                           probation_end=timezone.localdate())  # the year has passed
    page = office.go(f"/tenure/terms/{term.pk}/")
    probation = page.locator("[data-testid=probation]")
    probation.locator("select[name=result]").select_option("confirmed")
    probation.locator("input[name=assessed_on]").fill(today)
    office.shot("probation")
    click(page, probation.locator("button"))
    assert page.locator("[data-testid=probation-result]").count() == 1
    term.refresh_from_db()
    assert term.status == Term.Status.SERVING and term.probation_assessment.result == "confirmed"

    # --- 16. The reports dashboard shows the appointee ---
    page = office.go(f"/reports/campaigns/{campaign.pk}/")
    fits_the_screen(office)
    office.shot("dashboard")
    assert page.locator("[data-figure=appointed]").inner_text() == "1"
    assert page.locator("[data-figure=posts_released]").inner_text() == "1"
    assert page.locator("[data-figure=registrations]").inner_text() == "2"

    # The runner-up's application ended with the appointment.
    runner_up = next(j for j in journeys if j.name == "lina")
    page = runner_up.go("/candidate/applications/")
    fits_the_screen(runner_up)
    runner_up.shot("not-appointed")
    with translation.override("zh-hans" if language == "zh-CN" else "en"):
        assert str(Application.Outcome.NOT_APPOINTED.label) in body_text(page)

    # Every mail sent says in its body what happened, with a link.
    assert len(mail.outbox) >= 10
    for message in mail.outbox:
        assert message.body.strip() and re.search(r"https?://\S+", message.body), (message.subject, message.body)

    for j in journeys:
        assert j.console_errors == [], j.name
