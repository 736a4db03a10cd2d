"""The office downloads a post's approval form and its selection record (纪实) from the post page and replaces a
template, in the browser; each document of issue 21 (the publicity notice, the meeting record, the appointment notice,
the certificate) printed in Chinese, on its page and in its Word version. The notice's and the certificate's pictures
are the README's (docs/images/publicity-notice.png, docs/images/certificate.png, copied from the artifacts)."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.utils import timezone

from competition.decision import services as decisions
from competition.documents.contexts import notice_candidate
from competition.models import DocumentTemplate, IssuerSettings, Position, Post
from competition.publicity import services as publicity
from tenure.models import Term
from tenure.services import certificate_issue
from tests.competition.documents.conftest import fill_profile
from tests.competition.documents.docx_text import pictures_in, text_of
from tests.competition.stages import complete_formalities, decide, published, seat_committee
from tests.factories import CampaignFactory, OfficeUserFactory, SecretaryFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_the_office_downloads_the_approval_form_and_a_bad_template_is_refused(journey, tmp_path):
    unit = UnitFactory(name="罗店镇", party_body="中共罗店镇委员会")
    office_user = OfficeUserFactory(username="office", full_name="竞岗办王主任")
    secretary = SecretaryFactory(username="luodian", secretary_of=unit)
    post, notice = published(unit, office_user, secretary)
    fill_profile(notice.application.person)
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    decide(post, office_user, present_agree=6, absent=1)

    office = journey("office", language="zh-CN")
    office.login("office", PASSWORD)
    page = office.go(f"/office/posts/{post.pk}/")
    office.shot("post-with-documents")
    panel = page.locator("[data-testid=panel-documents]")
    assert "Word文书" in panel.inner_text()
    with page.expect_download() as info:
        panel.locator("[data-testid=approval-form]").click()
    download = info.value
    assert download.suggested_filename.startswith("干部任免审批表-") and download.suggested_filename.endswith(".docx")
    content = Path(download.path()).read_bytes()
    text = text_of(content)
    assert "王小明" in text and "中共罗店镇委员会（盖章）" in text and f"{unit.name}{post.title}" in text
    assert pictures_in(content) == 1

    # The selection record (纪实): from the post page to its page, then its Word version.
    page.locator("[data-testid=post-record]").click()
    page.wait_for_load_state()
    office.shot("selection-record")
    record = page.locator("main").inner_text()
    assert notice.application.person.name in record and post.title in record
    with page.expect_download() as info:
        page.locator("[data-testid=record-docx]").click()
    download = info.value
    assert download.suggested_filename.startswith(f"选拔纪实-{post.campaign.name}-{unit.name}-") and download.suggested_filename.endswith(".docx")
    text = text_of(Path(download.path()).read_bytes())
    assert notice.application.person.name in text and post.title in text

    # A replacement with a field the approval form does not have is refused, naming it.
    document = docx.Document()
    document.add_paragraph("{{ name }} {{ salary }}")
    bad = tmp_path / "审批表.docx"
    out = io.BytesIO()
    document.save(out)
    bad.write_bytes(out.getvalue())
    page = office.go("/documents/templates/")
    page.locator("select[name=kind]").select_option("approval_form")
    page.locator("input[name=template]").set_input_files(str(bad))
    page.locator("[data-testid=template-upload] button[type=submit]").click()
    page.wait_for_load_state()
    office.shot("template-refused")
    assert "模板中有未知字段：salary" in page.locator("main").inner_text()
    assert not DocumentTemplate.objects.exists()
    assert office.console_errors == []


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_each_document_prints_in_chinese_on_its_page_and_in_word(journey):
    settings = IssuerSettings.current()
    for field, value in {
        "district_name": "宝山区", "department_name": "中共宝山区委组织部", "report_phone": "021-56690000",
        "letters_address": "宝山区密山路5号区委组织部干部监督科", "letters_postcode": "201900",
        "visits_address": "宝山区密山路5号区委组织部接待室", "visits_hours": "工作日上午8:30—11:30，下午1:30—5:00",
    }.items():
        setattr(settings, field, value)
    settings.save()
    campaign = CampaignFactory(name="2026年统一竞岗")
    unit = UnitFactory(name="罗店镇", party_body="中共罗店镇委员会", short_code="罗委")
    yuepu = UnitFactory(name="月浦镇", party_body="中共月浦镇委员会", short_code="月委")
    office_user = OfficeUserFactory(username="office", full_name="竞岗办王主任")
    secretary = SecretaryFactory(username="luodian", secretary_of=unit)
    post, notice = published(unit, office_user, secretary, campaign=campaign)
    _other_post, other = published(yuepu, office_user, SecretaryFactory(username="yuepu", secretary_of=yuepu), campaign=campaign)
    lines = ((notice, "王小明", "M", unit, "党政办副主任", "综治办主任"), (other, "李晓红", "F", yuepu, "社区办副主任", "经济发展办主任"))
    for row, name, sex, current, position, title in lines:  # their files as the approval fixed them
        person = fill_profile(row.application.person)
        person.name, person.sex, person.current_unit, person.current_position = name, sex, current, position
        person.birth_date = datetime.date(1986, 3, 15) if sex == "M" else datetime.date(1988, 11, 2)
        person.save()
        Post.objects.filter(pk=row.post_id).update(title=title)
        Position.objects.filter(posts=row.post_id).update(title=title)
        row.post.refresh_from_db()
        row.fix_particulars(row=notice_candidate(row))
        row.save(update_fields=["particulars"])

    # --- The publicity notice, as the public reads it: the campaign's batch, two posts, in Chinese ---
    citizen = journey("citizen", language="zh-CN")
    page = citizen.go(f"/publicity/{notice.pk}/")
    text = page.locator("[data-testid=notice]").inner_text()
    for element in ("2026年统一竞岗拟任人选任前公示", "《党政领导干部选拔任用工作条例》", "王小明", "李晓红", "罗店镇", "月浦镇",
                    "汉族", "江苏南通", "中共党员（2006年6月入党）", "全日制", "在职", f"公示期：{_cn(notice.start_date)}至",
                    "个工作日", "12380", "021-56690000", "宝山区密山路5号区委组织部干部监督科", "工作日上午8:30",
                    "提倡实名反映", "可不留联系方式", "对反映人信息严格保密", "中共宝山区委组织部"):
        assert element in text, element
    assert "拟任命" not in text
    page.locator("[data-testid=notice]").screenshot(path=str(citizen.folder / "publicity-notice.png"))
    # An anonymous report: no name, no contact; the reference number answers it.
    page.locator("select[name=candidate]").select_option(value=str(notice.pk))
    page.locator("textarea[name=text]").fill("反映该同志档案中参加工作时间有疑问。")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=reference]").count() == 1
    objection = notice.objections.get()
    assert (objection.name, objection.contact) == ("", "")
    publicity.objection_investigate(objection_id=objection.pk, investigation="经核查档案，反映问题不属实。",
                                    result="unsubstantiated", by=office_user)

    # --- The meeting record: the committee votes; the record printed in Chinese, and its Word version ---
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    seats = seat_committee(unit, 7)
    decision = decisions.decision_record(
        post_id=post.pk, meeting_date=timezone.localdate(),
        votes={s.pk: v for s, v in zip(seats, ["agree"] * 5 + ["disagree", ""])}, by=secretary,
        meeting_no=12, place="镇机关三楼会议室", chair=seats[0].name,
    )  # fmt: skip
    office = journey("office", language="zh-CN")
    office.login("office", PASSWORD)
    page = office.go(f"/office/decisions/{decision.pk}/")
    office.shot("decision-record")
    record = page.locator("[data-testid=decision-record]").inner_text()
    for element in ("中共罗店镇委员会会议记录", "第12次会议", "镇机关三楼会议室", seats[0].name, seats[6].name,
                    "同意5票，不同意1票，缓议0票，缺席1人。", "考察合格", "公示期满无影响任职的问题", "同意王小明同志任"):
        assert element in record, element
    with page.expect_download() as info:
        page.locator("[data-testid=record-docx]").click()
    word = text_of(Path(info.value.path()).read_bytes())
    assert "中共罗店镇委员会会议记录" in word and "同意5票，不同意1票，缓议0票，缺席1人。" in word

    # --- The appointment notice (任职通知) with its number, then the certificate (任命书) ---
    record = complete_formalities(decision, secretary)
    page = office.go(f"/office/decisions/{decision.pk}/appointment-notice/")
    office.shot("appointment-notice")
    text = page.locator("[data-testid=appointment-notice]").inner_text()
    year = record.document_date.year
    for element in ("中共罗店镇委员会文件", f"罗委〔{year}〕1号", "关于王小明同志任职的通知", "会议研究决定", "（盖章）"):
        assert element in text, element
    with page.expect_download() as info:
        page.locator("[data-testid=appointment-notice-docx]").first.click()
    assert info.value.suggested_filename.startswith("任职通知-")
    assert f"罗委〔{year}〕1号" in text_of(Path(info.value.path()).read_bytes())

    term = Term.objects.get(post=post)
    certificate = certificate_issue(term_id=term.pk, by=office_user, issued_on=term.start)
    page = office.go(f"/tenure/certificates/{certificate.pk}/")
    sheet = page.locator("[data-testid=certificate]")
    text = sheet.inner_text()
    for element in (f"罗委聘〔{term.start.year}〕1号", "任命书", "任命王小明同志为罗店镇", "（乡科级正职）",
                    f"任期自{_cn(term.start)}至{_cn(term.end)}", "中共罗店镇委员会", "（盖章）"):
        assert element in text, element
    sheet.screenshot(path=str(office.folder / "certificate.png"))
    assert office.console_errors == [] and citizen.console_errors == []
