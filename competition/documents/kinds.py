"""The documents the office prints from Word templates, and a sample context for each.

The sample is what a replacement template is rendered with before it is accepted: it has every field the real
context has (tests/competition/documents/test_contexts.py checks it), so a template that renders the sample renders
every real document, and a field the sample lacks is an unknown field.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise

    @property
    def default_path(self) -> Path:
        return TEMPLATES / f"{self.name}.docx"

    def sample(self) -> dict[str, Any]:
        return SAMPLES[self.name]()


APPLICATION_FORM = "application_form"
APPROVAL_FORM = "approval_form"
PUBLICITY_NOTICE = "publicity_notice"
DECISION_RECORD = "decision_record"
APPOINTMENT_NOTICE = "appointment_notice"
CERTIFICATE = "certificate"
SELECTION_RECORD = "selection_record"

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(APPLICATION_FORM, _("Application form")),
        Kind(APPROVAL_FORM, _("Appointment and removal approval form")),
        Kind(PUBLICITY_NOTICE, _("Publicity notice")),
        Kind(DECISION_RECORD, _("Committee decision record")),
        Kind(APPOINTMENT_NOTICE, _("Appointment notice")),
        Kind(CERTIFICATE, _("Letter of appointment")),
        Kind(SELECTION_RECORD, _("Selection record")),
    )
}


def issuer_sample() -> dict[str, Any]:
    return {
        "district": "某某区",
        "department": "中共某某区委组织部",
        "report_phone": "021-12345678",
        "report_line": "12380",
        "report_website": "www.12380.gov.cn",
        "letters_address": "某某区某某路1号区委组织部干部监督科",
        "letters_postcode": "200000",
        "visits_address": "某某区某某路1号",
        "visits_hours": "工作日上午8:30—11:30，下午1:30—5:00",
    }


def _person_sample() -> dict[str, Any]:
    return {
        "name": "张三",
        "sex": "男",
        "birth_month": "1986年3月",
        "age": 40,
        "ethnicity": "汉族",
        "native_place": "江苏南通",
        "birthplace": "上海",
        "political_status": "中共党员",
        "party_date": "2008年6月",
        "work_started": "2008年7月",
        "health": "健康",
        "professional_title": "经济师",
        "education": "本科",
        "fulltime_education": "大学本科",
        "fulltime_degree": "学士",
        "fulltime_school": "某某大学法学专业",
        "inservice_education": "研究生",
        "inservice_degree": "硕士",
        "inservice_school": "某某大学公共管理专业",
        "unit": "某某镇",
        "current_post": "某某镇党政办副主任",
        "rank": "乡科级副职",
        "rank_since": "2019年1月",
        "phone": "13800000000",
        "email": "zhangsan@example.com",
        "resume": "2008年7月—2019年1月  某某镇党政办科员\n2019年1月—  某某镇党政办副主任",
        "rewards_penalties": "2021年度获区优秀公务员称号",
        "annual_assessments": "2023年度称职，2024年度优秀，2025年度称职",
        "family": [
            {"relation": "妻子", "name": "李四", "birth_month": "1988年5月", "age": 38,
             "political_status": "中共党员", "work": "某某小学教师"},
        ],
        "photo": "",
    }


def _post_sample() -> dict[str, Any]:
    return {
        "campaign": "2026年统一竞岗",
        "post_unit": "某某镇",
        "post_title": "综治办主任",
        "proposed_post": "某某镇综治办主任",
        "post_level": "正科级",
    }


def application_form_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日", **_post_sample(), **_person_sample(),
        "applied_on": "2026年4月1日", "statement": "本人竞聘理由……", "declaration_signed_on": "2026年4月1日",
        "review": "资格审核合格",
    }


def approval_form_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日", **_post_sample(), **_person_sample(),
        "removed_post": "某某镇党政办副主任",
        "reasons": "经2026年统一竞岗，拟任某某镇综治办主任。",
        "submitting_unit": "中共某某镇委员会",
        "approval_opinion": "经2026年5月8日中共某某镇委员会会议研究，同意任命。",
        "decided_on": "2026年5月8日",
        "probation": "试用期一年",
    }


def _notice_candidate_sample() -> dict[str, Any]:
    return {
        "name": "张三", "sex": "男", "ethnicity": "汉族", "native_place": "江苏南通", "birth_month": "1986年3月",
        "fulltime_education": "大学本科", "fulltime_degree": "法学学士", "inservice_education": "研究生",
        "inservice_degree": "公共管理硕士", "political_status": "中共党员", "party_date": "2008年6月",
        "work_started": "2008年7月", "current_post": "某某镇党政办副主任", "rank": "副科级", "rank_since": "2019年1月",
        **{key: value for key, value in _post_sample().items() if key != "campaign"}, "exception": "",
        "education_degree": "全日制大学本科 法学学士；在职研究生 公共管理硕士",
        "current_post_and_rank": "某某镇党政办副主任（副科级，2019年1月起）",
        "political": "中共党员（2008年6月入党）",
    }


def publicity_notice_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日", "campaign": "2026年统一竞岗",
        "basis": "《党政领导干部选拔任用工作条例》和《党政机关竞争上岗工作暂行规定》",
        "written_exam": False, "procedure": "报名、资格审核、面试、民主测评和组织考察",
        "candidates": [_notice_candidate_sample()], "posts": 1,
        "start": "2026年5月8日", "end": "2026年5月14日", "working_days": 5,
        "contact": "区竞岗办（区委组织部）", "note": "",
        "signed_on": "2026年5月7日",
    }


def _decision_item_sample() -> dict[str, Any]:
    return {
        "candidate": "张三", "current_post": "某某镇党政办副主任", "proposed_post": "某某镇综治办主任",
        "level": "乡科级正职", "inspection": "考察合格", "publicity": "公示期满，未收到反映",
        "agree": 5, "disagree": 1, "defer": 0, "absent_count": 1, "recused": "",
        "result": "通过", "sentence": "同意张三同志任某某镇综治办主任（乡科级正职），试用期一年。",
        "probation": "试用期一年",
    }


def decision_record_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日", **_post_sample(),
        "body": "中共某某镇委员会", "meeting_number": "2026年第12次会议", "meeting_date": "2026年5月8日",
        "place": "镇机关三楼会议室", "chair": "王一",
        "members_total": 7, "present_count": 6,
        "present": "王一、王二、王三、王四、王五、王六", "absent": "王七",
        **_decision_item_sample(), "items": [_decision_item_sample()],
    }


def appointment_notice_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日", **_post_sample(),
        "body": "中共某某镇委员会", "number": "某委〔2026〕12号", "title": "关于张三同志任职的通知",
        "recipients": "各有关单位：", "basis": "经中共某某镇委员会2026年5月8日会议研究决定：", "name": "张三",
        "appointment": "张三同志任某某镇综治办主任（乡科级正职），试用期一年。", "level": "乡科级正职",
        "probation": "试用期一年", "effective_on": "2026年5月11日", "effective": "自2026年5月11日起任职。",
        "document_date": "2026年5月11日",
    }


def certificate_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日",
        "number": "罗委聘〔2026〕1号", "name": "张三", "unit": "某某镇", "position": "综治办主任",
        "level": "乡科级正职", "start": "2026年5月8日", "end": "2031年5月7日",
        "probation": "试用期一年，自2026年5月8日至2027年5月7日。", "body": "中共某某镇委员会", "issued_on": "2026年5月8日",
    }


def selection_record_sample() -> dict[str, Any]:
    return {
        "issuer": issuer_sample(), "today": "2026年5月8日",
        "title": "选拔纪实", "post": "2026年统一竞岗 · 某某镇 · 综治办主任", "made_on": "2026-05-08",
        "sections": [
            {
                "number": 1, "title": "竞岗活动及其规则",
                "facts": [{"label": "名称", "value": "2026年统一竞岗"}],
                "tables": [{"caption": "流程记录", "lines": ["时间：2026-04-01 09:00；由：草稿；至：已发布"]}],
            },
        ],
    }


SAMPLES = {
    APPLICATION_FORM: application_form_sample,
    APPROVAL_FORM: approval_form_sample,
    PUBLICITY_NOTICE: publicity_notice_sample,
    DECISION_RECORD: decision_record_sample,
    APPOINTMENT_NOTICE: appointment_notice_sample,
    CERTIFICATE: certificate_sample,
    SELECTION_RECORD: selection_record_sample,
}
