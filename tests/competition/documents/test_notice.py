"""The publicity notice as the organization department issues it (issue 21.3): every element, on the page and in the
Word document (read back with python-docx), for the campaign's whole batch."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from competition.documents import contexts, kinds, services
from competition.models import ExceptionRequest, IssuerSettings, Publicity, Unit
from competition.publicity import services as publicity
from competition.workdays import working_days_between
from tests.competition.documents.conftest import fill_profile
from tests.competition.documents.docx_text import text_of
from tests.competition.stages import at_publicity, published
from tests.factories import CampaignFactory, OfficeUserFactory, SecretaryFactory, UnitFactory

pytestmark = pytest.mark.django_db


def cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def issuer():
    settings = IssuerSettings.current()
    settings.district_name = "宝山区"
    settings.department_name = "中共宝山区委组织部"
    settings.report_phone = "021-56691234"
    settings.letters_address = "宝山区密山路5号区委组织部干部监督科"
    settings.letters_postcode = "201900"
    settings.visits_address = "宝山区密山路5号"
    settings.visits_hours = "工作日上午8:30—11:30，下午1:30—5:00"
    settings.save()
    return settings


def _page_text(client, user, post) -> str:
    client.force_login(user)
    html = client.get(reverse("appointment:publicity_print", args=[post.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    return re.sub(r"\s+", " ", strip_tags(html.content.decode()))


def _docx_text(notice) -> str:
    return text_of(services.render_document(kinds.PUBLICITY_NOTICE, contexts.publicity_notice_context(notice)))


def test_the_notice_carries_every_element_of_an_issued_notice_on_the_page_and_in_word(client, unit, office, secretary, issuer):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    person = fill_profile(notice.application.person)
    person.current_position = "党政办副主任"
    person.rank, person.rank_since = "deputy_section", datetime.date(2019, 1, 1)
    person.save()
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    notice.refresh_from_db()
    start, end = notice.start_date, notice.end_date
    birth = f"{person.birth_date.year}年{person.birth_date.month}月"
    expected = [
        f"{post.campaign.name}拟任人选任前公示",
        "根据《党政领导干部选拔任用工作条例》和《党政机关竞争上岗工作暂行规定》等有关规定",
        "王小明", "男" if person.sex == "M" else "女", "汉族", "江苏南通", birth,
        "全日制", "法学学士", "在职", "公共管理硕士",  # 学历学位, full-time and in-service
        "中共党员（2006年6月入党）", "2008年7月",  # 政治面貌 and 入党时间, 参加工作时间
        f"{person.unit_display}党政办副主任（乡科级副职，2019年1月起）",  # 现任职务和职级 and since when
        f"{post.unit.name}{post.title}",  # 拟任职务
        f"{cn(start)}至{cn(end)}（{notice.working_days}个工作日）",
        "政治品质、道德品行、工作能力、廉洁自律",  # what may be reported
        "电话、信函、来访",
        "021-56691234", "12380", "宝山区密山路5号区委组织部干部监督科", "201900", "宝山区密山路5号",
        "工作日上午8:30—11:30，下午1:30—5:00",
        "提倡实名反映", "匿名反映也予受理", "可不留联系方式", "对反映人信息严格保密",
        "中共宝山区委组织部", cn(timezone.localtime(notice.approved_at).date()),
    ]
    page, word = _page_text(client, secretary, post), _docx_text(notice)
    for text in (page, word):
        for element in expected:
            assert element in text, element
        assert "拟任命" not in text  # before the committee's decision: 拟任人选
        assert "2026-" not in text and "{{" not in text
    assert working_days_between(start, end) == notice.working_days
    # The signature is the department's and the date, at the end (the page's last lines before the footer).
    signature = "中共宝山区委组织部" + cn(timezone.localtime(notice.approved_at).date())
    assert page.index(signature) > page.index("对反映人信息严格保密")


def test_one_notice_carries_the_campaigns_whole_batch_of_posts_and_people(client, unit, office, secretary, issuer):
    campaign = CampaignFactory(name="2026年统一竞岗")
    yuepu = UnitFactory(name="月浦镇", party_body="中共月浦镇委员会")
    yuepu_secretary = SecretaryFactory(username="yuepu", secretary_of=yuepu)
    luodian_post, luodian_notice = published(unit, office, secretary, campaign=campaign)
    yuepu_post, yuepu_notice = published(yuepu, office, yuepu_secretary, campaign=campaign)
    other_post, other_notice = published(unit, office, secretary)  # another campaign: another notice
    names = [luodian_notice.application.person.name, yuepu_notice.application.person.name]
    word = _docx_text(yuepu_notice)
    page = _page_text(client, office, luodian_post)
    public = client.get(reverse("appointment:publicity_public", args=[yuepu_notice.pk])).content.decode()
    for text in (word, page, public):
        for name in names:
            assert name in text
        assert f"{unit.name}{luodian_post.title}" in text and f"{yuepu.name}{yuepu_post.title}" in text
        assert other_notice.application.person.name not in text
    # The public list shows the batch once, with both posts.
    listing = client.get(reverse("appointment:publicity_list")).content.decode()
    assert listing.count(reverse("appointment:publicity_public", args=[luodian_notice.pk])) == 1
    assert reverse("appointment:publicity_public", args=[yuepu_notice.pk]) not in listing
    # An objection on the batch's public page may concern any of its candidates.
    response = client.post(
        reverse("appointment:publicity_public", args=[luodian_notice.pk]),
        {"candidate": yuepu_notice.pk, "name": "", "contact": "", "text": "反映问题"},
    )
    assert response.status_code == 200
    assert yuepu_notice.objections.count() == 1 and luodian_notice.objections.count() == 0


def test_a_candidate_admitted_by_exception_carries_the_note(client, unit, office, secretary, issuer):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    second = OfficeUserFactory(username="office2")
    ExceptionRequest.objects.create(
        application=notice.application, requirement="years_in_rank", reason="工作实绩突出", status="approved",
        approve=True, decided_by=office, confirmed_by=second, decision_reason="经研究同意破格",
    )
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    notice.refresh_from_db()
    assert notice.particulars["row"]["exception"] == "破格（任职年限）"
    assert "破格（任职年限）" in _docx_text(notice)
    assert "破格（任职年限）" in _page_text(client, secretary, post)


def test_the_published_line_stays_as_approved_and_an_older_notice_keeps_its_fixed_name(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    person = notice.application.person
    approved = notice.particulars["row"]["current_post"]
    person.ethnicity, person.current_position = "回族", "自封处长"
    person.save()
    word = _docx_text(notice)
    assert "回族" not in word and "自封处长" not in word and approved in word
    # A notice published before the whole line was fixed: the fixed name, the rest from the profile.
    Publicity.objects.filter(pk=notice.pk).update(particulars={k: v for k, v in notice.particulars.items() if k != "row"} | {"name": "旧名"})
    notice.refresh_from_db()
    assert "旧名" in _docx_text(notice)


def test_the_draft_shows_the_period_it_would_have_and_nothing_unfixed_is_lost(client, unit, office, secretary):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    doc = contexts.publicity_notice_context(notice)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", doc["start"]) and doc["working_days"] == notice.working_days
    assert Unit.objects.get(pk=unit.pk).issuing_body == unit.name


def test_a_campaign_with_a_written_exam_names_it_among_the_steps(client, unit, office, secretary):
    post, notice = published(unit, office, secretary)
    assert "笔试" not in _docx_text(notice)
    type(post.campaign).objects.filter(pk=post.campaign_id).update(has_written_exam=True)
    notice = Publicity.objects.get(pk=notice.pk)
    steps = "报名、资格审核、笔试、面试、民主测评和组织考察"
    assert steps in _docx_text(notice) and steps in _page_text(client, secretary, post)
