"""One function per document: the context its template is rendered with, built from the models.

Every value is plain data (strings, numbers, lists of dicts), never a model: an office-replaced template runs in a
sandbox and reaches nothing but these values. Keys match the document's sample in ``kinds`` (a test checks it).
Values are written in Chinese whatever the reader's interface language: these are the office's official documents.
"""

import datetime
from typing import Any

from django.utils import timezone, translation

from competition.models import (
    Application,
    Decision,
    DecisionMember,
    Inspection,
    IssuerSettings,
    Person,
    Publicity,
    Rank,
    Sex,
)

from .formats import age_on, cn_date, cn_month


class Picture:
    """A picture for the template (the applicant's photo): turned into a docxtpl InlineImage at rendering."""

    def __init__(self, data: bytes, width_mm: int = 25):
        self.data, self.width_mm = data, width_mm

    def __str__(self):  # what a template that prints it as text would show
        return ""


def issuer_context() -> dict[str, Any]:
    settings = IssuerSettings.current()
    return {
        "district": settings.district_name,
        "department": settings.department_name,
        "report_phone": settings.report_phone,
        "report_line": settings.report_line,
        "report_website": settings.report_website,
        "letters_address": settings.letters_address,
        "letters_postcode": settings.letters_postcode,
        "visits_address": settings.visits_address,
        "visits_hours": settings.visits_hours,
    }


def _common() -> dict[str, Any]:
    return {"issuer": issuer_context(), "today": cn_date(timezone.localdate())}


def _photo(person: Person) -> Picture | str:
    if not person.photo:
        return ""
    try:
        with person.photo.open("rb") as handle:
            return Picture(handle.read())
    except OSError:  # the file is gone from storage: the form is still printed, without it
        return ""


def _resume(person: Person) -> str:
    lines = []
    for entry in person.work_history.all():
        end = cn_month(entry.end) if entry.end else ""
        lines.append(f"{cn_month(entry.start)}—{end}  {entry.organisation}{entry.position}")
    return "\n".join(lines)


def person_context(person: Person, on: datetime.date) -> dict[str, Any]:
    """The person's particulars as the forms print them (the application and the approval form share them)."""
    with translation.override("zh-hans"):
        family = [
            {
                "relation": member.relation,
                "name": member.name,
                "birth_month": cn_month(member.birth_date),
                "age": age_on(member.birth_date, on),
                "political_status": member.get_political_status_display() if member.political_status else "",
                "work": member.work,
            }
            for member in person.family.all()
        ]
        return {
            "name": person.name,
            "sex": "男" if person.sex == Sex.MALE else "女",
            "birth_month": cn_month(person.birth_date),
            "age": age_on(person.birth_date, on),
            "ethnicity": person.ethnicity,
            "native_place": person.native_place,
            "birthplace": person.birthplace,
            "political_status": person.get_political_status_display() if person.political_status else "",
            "party_date": cn_month(person.political_status_since),
            "work_started": cn_month(person.work_started),
            "health": person.health,
            "professional_title": person.professional_title,
            "education": person.get_education_display() if person.education else "",
            "fulltime_education": person.get_fulltime_education_display() if person.fulltime_education else "",
            "fulltime_degree": person.fulltime_degree,
            "fulltime_school": person.fulltime_school,
            "inservice_education": person.get_inservice_education_display() if person.inservice_education else "",
            "inservice_degree": person.inservice_degree,
            "inservice_school": person.inservice_school,
            "unit": person.unit_display,
            "current_post": f"{person.unit_display}{person.current_position}" if person.current_position else "",
            "rank": person.get_rank_display() if person.rank else "",
            "rank_since": cn_month(person.rank_since),
            "phone": person.phone,
            "email": person.email,
            "resume": _resume(person),
            "rewards_penalties": person.rewards_penalties,
            "annual_assessments": person.annual_assessments,
            "family": family,
            "photo": _photo(person),
        }


def _post_context(post) -> dict[str, Any]:
    with translation.override("zh-hans"):
        return {
            "campaign": post.campaign.name if post.campaign_id else "",
            "post_unit": post.unit.name,
            "post_title": post.title,
            "proposed_post": f"{post.unit.name}{post.title}",
            "post_level": post.get_level_display(),
        }


def _passed_decision(application: Application) -> Decision | None:
    return application.decisions.filter(result=Decision.Result.PASSED).first()


def _is_promotion(application: Application) -> bool:
    """A move to a higher level than the applicant held (what carries a year's probation)."""
    return Rank.rank(application.applicant_rank or application.person.rank) < Rank.rank(application.post.level)


def application_form_context(application: Application) -> dict[str, Any]:
    """竞争上岗报名表: the applicant's particulars (live profile), the post, the statement and the review."""
    person, post = application.person, application.post
    review = application.get_status_display() if application.status != Application.Status.SUBMITTED else ""
    with translation.override("zh-hans"):
        review = str(review)
    return {
        **_common(),
        **_post_context(post),
        **person_context(person, timezone.localdate()),
        "applied_on": cn_date(timezone.localtime(application.created_at)),
        "statement": application.statement,
        "declaration_signed_on": cn_date(timezone.localtime(person.declaration_signed_at)) if person.declaration_signed_at else "",
        "review": review,
    }


def approval_form_context(application: Application) -> dict[str, Any]:
    """干部任免审批表 for the appointment of ``application``'s person to its post."""
    person, post = application.person, application.post
    decision = _passed_decision(application)
    body = post.unit.issuing_body
    proposed = f"{post.unit.name}{post.title}"
    removed = person.current_position and f"{person.unit_display}{person.current_position}"
    campaign = post.campaign.name if post.campaign_id else ""
    probation = "试用期一年" if _is_promotion(application) else ""
    return {
        **_common(),
        **_post_context(post),
        **person_context(person, decision.meeting_date if decision else timezone.localdate()),
        "removed_post": removed if removed != proposed else "",
        "reasons": f"经{campaign}，拟任{proposed}。" if campaign else f"拟任{proposed}。",
        "submitting_unit": body,
        "approval_opinion": (
            f"经{cn_date(decision.meeting_date)}{body}会议研究，同意任命{person.name}为{proposed}"
            + (f"，{probation}。" if probation else "。")
        )
        if decision
        else "",
        "decided_on": cn_date(decision.meeting_date) if decision else "",
        "probation": probation,
    }


def _notice_candidate(publicity: Publicity) -> dict[str, Any]:
    person = publicity.application.person
    row = {**person_context(person, publicity.start_date or timezone.localdate()), **_post_context(publicity.post)}
    row.pop("photo")
    fixed = publicity.particulars
    if fixed:  # what the unit secretary approved stands, whatever the profile says now
        with translation.override("zh-hans"):
            row["name"] = fixed.get("name", row["name"])
            row["unit"] = fixed.get("unit", row["unit"])
            if "position" in fixed:
                row["current_post"] = f"{fixed.get('unit', '')}{fixed['position']}" if fixed["position"] else ""
            if fixed.get("post_unit") and fixed.get("post_title"):
                row["proposed_post"] = f"{fixed['post_unit']}{fixed['post_title']}"
    row["exception"] = ""
    return row


def publicity_notice_context(publicity: Publicity) -> dict[str, Any]:
    """任前公示: the candidates, the period in working days, the channels, signed by the organization department."""
    campaign = publicity.post.campaign.name if publicity.post.campaign_id else ""
    return {
        **_common(),
        "campaign": campaign,
        "basis": "《党政领导干部选拔任用工作条例》",
        # Every candidate on the post's notice (one per place); one stopped by an objection is no longer on it.
        "candidates": [
            _notice_candidate(row)
            for row in publicity.notice_rows()
            if row.pk == publicity.pk or row.status != Publicity.Status.STOPPED
        ],
        "start": cn_date(publicity.start_date),
        "end": cn_date(publicity.end_date),
        "working_days": publicity.working_days,
        "contact": publicity.contact,
        "note": publicity.note,
        "signed_on": cn_date(timezone.localtime(publicity.approved_at)) if publicity.approved_at else cn_date(timezone.localdate()),
    }


def decision_record_context(decision: Decision) -> dict[str, Any]:
    """The committee's decision record: the meeting, who attended, the votes and the decision sentence."""
    post, application = decision.post, decision.application
    person = application.person
    members = list(decision.members.all())
    present = [m.name for m in members if m.attended]
    absent = [m.name for m in members if not m.attended and not m.recused]
    recused = [f"{m.name}（{m.recusal_reason}）" for m in members if m.recused]
    count = {vote: sum(1 for m in members if m.vote == vote) for vote in DecisionMember.Vote.values}
    body = post.unit.issuing_body
    proposed = f"{post.unit.name}{post.title}"
    probation = "试用期一年" if _is_promotion(application) else ""
    with translation.override("zh-hans"):
        level = post.get_level_display()
    passed = decision.result == Decision.Result.PASSED
    sentence = (
        f"同意任命{person.name}为{proposed}（{level}）" + (f"，{probation}。" if probation else "。")
        if passed
        else f"{person.name}任{proposed}的提名未获通过。"
    )
    inspection = application.inspections.order_by("-pk").first()
    return {
        **_common(),
        **_post_context(post),
        "body": body,
        # What a richer meeting record adds (number, place, chair, recusals) is read when the model has it.
        "meeting_number": str(getattr(decision, "meeting_number", "") or ""),
        "meeting_date": cn_date(decision.meeting_date),
        "place": str(getattr(decision, "place", "") or ""),
        "chair": str(getattr(decision, "chair", "") or ""),
        "members_total": decision.members_total,
        "present_count": decision.present,
        "present": "、".join(present),
        "absent": "、".join(absent),
        "recused": "、".join(recused),
        "candidate": person.name,
        "current_post": f"{person.unit_display}{person.current_position}" if person.current_position else "",
        "inspection": _inspection_result(inspection),
        "publicity": _publicity_result(application),
        "agree": count[DecisionMember.Vote.AGREE] if members else decision.agree,
        "disagree": count[DecisionMember.Vote.DISAGREE],
        "defer": count[DecisionMember.Vote.DEFER],
        "absent_count": len(absent) if members else decision.members_total - decision.present - decision.recused,
        "result": "通过" if passed else "未通过",
        "sentence": sentence,
        "probation": probation if passed else "",
    }


def _inspection_result(inspection) -> str:
    """The conclusion as the record states it; with the checklist (inspections since the notice and the pool), the
    period, the team, the talks and the checks that were made."""
    if inspection is None or not inspection.conclusion:
        return ""
    result = "考察合格" if inspection.conclusion == Inspection.Conclusion.PASS else "考察不合格"
    if inspection.notice_id is None:
        return result
    team = "、".join(m.inspector.name for m in inspection.team_members.all() if not m.recused)
    parts = [f"{cn_date(inspection.start_date)}至{cn_date(inspection.end_date)}", f"考察组：{team}" if team else ""]
    if inspection.people_talked_to:
        parts.append(f"个别谈话{inspection.people_talked_to}人")
    checks = [name for name, done in (("档案审核", inspection.file_review.exists()),
                                      ("廉政意见", bool(inspection.integrity_opinion)),
                                      ("个人有关事项报告核查", bool(inspection.personal_matters))) if done]  # fmt: skip
    if checks:
        parts.append("、".join(checks) + "已完成")
    if inspection.fail_reason:
        parts.append(inspection.fail_reason)
    return f"{result}（{'；'.join(p for p in parts if p)}）"


def _publicity_result(application: Application) -> str:
    notice = application.publicities.order_by("-created_at").first()
    if notice is None:
        return ""
    if notice.status == Publicity.Status.ENDED:
        return f"已于{cn_date(notice.start_date)}至{cn_date(notice.end_date)}公示，公示期满无影响任职的问题"
    if notice.status == Publicity.Status.STOPPED:
        return "公示期间反映问题属实，终止任职程序"
    return f"公示期{cn_date(notice.start_date)}至{cn_date(notice.end_date)}" if notice.start_date else ""


def selection_record_context(record: dict[str, Any]) -> dict[str, Any]:
    """The selection record (``record.selection_record``) for its Word template: each table's row a line of
    "header: value" pairs, since a Word table cannot take a varying number of columns from a template."""
    sections = []
    for number, section in enumerate(record["sections"], 1):
        tables = [
            {
                "caption": table["caption"],
                "lines": ["；".join(f"{h}：{v}" for h, v in zip(table["headers"], row)) for row in table["rows"]],
            }
            for table in section["tables"]
        ]
        sections.append({"number": number, "title": section["title"], "facts": section["facts"], "tables": tables})
    return {**_common(), "title": record["title"], "post": record["post"], "made_on": record["made_on"],
            "sections": sections}
