"""Each generated .docx, opened with python-docx: its fields, dates in Chinese form, the photo."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from competition.documents import contexts, kinds, services
from competition.models import Application, IssuerSettings, Unit
from tests.competition.documents.docx_text import pictures_in, text_of

pytestmark = pytest.mark.django_db


def test_the_application_form_carries_the_particulars_the_statement_and_the_photo(application):
    content = services.render_document(kinds.APPLICATION_FORM, contexts.application_form_context(application))
    text = text_of(content)
    for expected in ("王小明", "汉族", "江苏南通", "2006年6月", "2008年7月", "华东政法大学法律系法学专业",
                     "我的竞岗理由", f"{application.post.unit.name}{application.post.title}", "李晓红", "妻子",
                     "2008年7月—2015年3月  罗店镇科员"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert pictures_in(content) == 1


def test_the_application_form_without_a_photo_leaves_the_box_empty(application):
    application.person.photo = ""
    application.person.save()
    content = services.render_document(kinds.APPLICATION_FORM, contexts.application_form_context(application))
    assert pictures_in(content) == 0
    assert "王小明" in text_of(content)


def test_the_approval_form_has_every_field_of_the_official_form(decided):
    application = decided.application
    person = application.person
    text = text_of(services.render_document(kinds.APPROVAL_FORM, contexts.approval_form_context(application)))
    post = decided.post
    for expected in (
        "干部任免审批表", "王小明", "男" if person.sex == "M" else "女", f"{person.birth_date.year}年{person.birth_date.month}月",
        "汉族", "江苏南通", "上海宝山", "2006年6月", "2008年7月", "健康", "经济师", "本科", "法学学士",
        "华东政法大学法律系法学专业", "公共管理硕士", "复旦大学公共管理专业",
        f"{post.unit.name}{post.title}",  # proposed post
        "2008年7月—2015年3月  罗店镇科员",  # résumé
        "2021年度获区优秀公务员称号", "2024年度优秀", "李晓红", "罗店中学教师",
        "经" + f"{post.campaign.name}",  # reasons
        f"经{decided.meeting_date.year}年{decided.meeting_date.month}月{decided.meeting_date.day}日",  # opinion
    ):
        assert expected in text, expected
    # The current post is the one removed from (he leaves it for the new one).
    assert text.count(f"{person.unit_display}{person.current_position}") >= 2


def test_the_submitting_unit_is_the_units_party_body_once_set(decided):
    Unit.objects.filter(pk=decided.post.unit_id).update(party_body="中共罗店镇委员会")
    application = Application.objects.get(pk=decided.application_id)
    text = text_of(services.render_document(kinds.APPROVAL_FORM, contexts.approval_form_context(application)))
    assert "中共罗店镇委员会（盖章）" in text
    assert "中共罗店镇委员会会议研究，同意任命王小明" in text


def test_the_publicity_notice_prints_the_period_the_channels_and_the_signature(unit, office, secretary):
    from tests.competition.stages import published

    settings = IssuerSettings.current()
    settings.department_name = "中共宝山区委组织部"
    settings.report_phone = "021-56691234"
    settings.visits_address = "宝山区密山路5号"
    settings.save()
    post, notice = published(unit, office, secretary)
    name_at_approval = notice.application.person.name
    notice.application.person.name = "改名以后"
    notice.application.person.save()
    text = text_of(services.render_document(kinds.PUBLICITY_NOTICE, contexts.publicity_notice_context(notice)))
    start, end = notice.start_date, notice.end_date
    assert f"公示期：{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日" in text
    assert f"（{notice.working_days}个工作日）" in text
    assert name_at_approval in text and "改名以后" not in text  # the particulars as approved
    for expected in ("中共宝山区委组织部", "021-56691234", "宝山区密山路5号", "12380", "提倡实名反映", "严格保密",
                     f"{post.unit.name}{post.title}"):
        assert expected in text, expected


def test_the_decision_record_counts_the_votes_and_states_the_decision(decided):
    text = text_of(services.render_document(kinds.DECISION_RECORD, contexts.decision_record_context(decided)))
    day = decided.meeting_date
    assert f"{day.year}年{day.month}月{day.day}日" in text
    assert "同意5票，不同意1票，缓议0票，缺席1人。" in text
    absent = decided.members.get(attended=False).name
    present = decided.members.filter(vote="agree").first().name
    assert absent in text and present in text  # the names of who was absent and who attended
    assert f"同意王小明同志任{decided.post.unit.name}{decided.post.title}" in text
    assert "考察合格" in text and "个别谈话25人" in text and "档案审核、廉政意见、个人有关事项报告核查已完成" in text


def test_dates_read_in_chinese_form():
    from competition.documents.formats import cn_date, cn_month

    assert cn_date(datetime.date(2026, 5, 8)) == "2026年5月8日"
    assert cn_month(datetime.date(1986, 3, 21)) == "1986年3月"
    assert cn_date(None) == ""


def _issued(decision):
    from tests.competition.stages import complete_formalities

    return complete_formalities(decision, decision.recorded_by)


@pytest.mark.parametrize(
    ("kind", "build"),
    [
        (kinds.APPLICATION_FORM, lambda f: contexts.application_form_context(f["application"])),
        (kinds.APPROVAL_FORM, lambda f: contexts.approval_form_context(f["decided"].application)),
        (kinds.PUBLICITY_NOTICE, lambda f: contexts.publicity_notice_context(f["decided"].application.publicities.get())),
        (kinds.DECISION_RECORD, lambda f: contexts.decision_record_context(f["decided"])),
        (kinds.APPOINTMENT_NOTICE, lambda f: contexts.appointment_notice_context(f["decided"], _issued(f["decided"]))),
    ],
)
def test_each_sample_has_exactly_the_fields_of_the_real_context(kind, build, application, decided):
    """A replacement template is checked against the sample: it must name every field a real document has."""
    real = build({"application": application, "decided": decided})
    sample = kinds.KINDS[kind].sample()
    assert set(real) == set(sample)
    assert set(real["issuer"]) == set(sample["issuer"])
    for key in ("family", "candidates", "items"):
        if real.get(key):
            assert set(real[key][0]) == set(sample[key][0])


def test_the_default_templates_are_what_the_build_script_writes(tmp_path):
    """The committed templates are regenerated by ``build_document_templates``: same fields, same text."""
    from competition.documents.build import build

    for path in build(tmp_path):
        kind = kinds.KINDS[path.stem]
        with time_machine.travel(timezone.now()):
            fresh = text_of(services.render_bytes(path.read_bytes(), kind.sample()))
            committed = text_of(services.render_bytes(kind.default_path.read_bytes(), kind.sample()))
        assert fresh == committed
