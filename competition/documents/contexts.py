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
    ExceptionRequest,
    Inspection,
    IssuerSettings,
    Level,
    Person,
    Publicity,
    Sex,
)
from competition.models.people import standing
from competition.workdays import add_working_days

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
        "department": settings.department_name or "区委组织部",
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
            "rank": person.standing_display(),
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
    return _applicant_standing(application) < standing(application.post.level, "")


def _applicant_standing(application: Application) -> int:
    """The standing the applicant had when applying (the 2019 reform's level or grade), else his profile's."""
    if application.applicant_leadership_level or application.applicant_grade:
        return standing(application.applicant_leadership_level, application.applicant_grade)
    return application.person.standing


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


# The notice's columns, and no more: a public notice never carries a phone, an address or the family.
NOTICE_FIELDS = (
    "name", "sex", "ethnicity", "native_place", "birth_month", "fulltime_education", "fulltime_degree",
    "inservice_education", "inservice_degree", "political_status", "party_date", "work_started", "current_post",
    "rank", "rank_since", "post_unit", "post_title", "post_level", "proposed_post",
)


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


# How a notice names the requirement an exception was approved to (破格（任职年限）).
EXCEPTION_WORDS = {"age": "年龄", "education": "学历", "rank": "职务层次或职级", "years_in_rank": "任职年限", "party_membership": "党员身份"}


def exception_note(application: Application) -> str:
    """破格 where it applies: the requirements the office approved an exception to, or a promotion skipping a level."""
    approved = application.exceptions.filter(status=ExceptionRequest.Status.APPROVED).order_by("pk")
    with translation.override("zh-hans"):
        waived = [EXCEPTION_WORDS.get(e.requirement) or str(e.get_requirement_display()) for e in approved]
    skipped = standing(application.post.level, "") - _applicant_standing(application) > 1
    if waived:
        return f"破格（{'、'.join(waived)}）"
    return "破格提拔（越级）" if skipped else ""


def notice_candidate(publicity: Publicity) -> dict[str, Any]:
    """One person's line on the notice from his profile now, with the lines made up of several fields written out
    (学历学位 full-time and in-service; 现任职务和职级 with since when; 政治面貌 with 入党时间). Fixed at approval
    (``Publicity.particulars["row"]``), so that what was published is what is printed later."""
    person = publicity.application.person
    full = {**person_context(person, publicity.start_date or timezone.localdate()), **_post_context(publicity.post)}
    row = {key: full[key] for key in NOTICE_FIELDS}
    row["exception"] = exception_note(publicity.application)
    return row


def _written_out(row: dict[str, Any]) -> dict[str, Any]:
    education = "；".join(
        f"{label}{_joined(level, degree)}"
        for label, level, degree in (
            ("全日制", row["fulltime_education"], row["fulltime_degree"]),
            ("在职", row["inservice_education"], row["inservice_degree"]),
        )
        if level or degree
    )
    rank = "，".join(part for part in (row["rank"], f"{row['rank_since']}起" if row["rank_since"] else "") if part)
    party = f"（{row['party_date']}入党）" if row["party_date"] and "党员" in row["political_status"] else ""
    return {
        **row,
        "education_degree": education,
        "current_post_and_rank": row["current_post"] + (f"（{rank}）" if rank else ""),
        "political": row["political_status"] + party,
    }


def _notice_row(publicity: Publicity) -> dict[str, Any]:
    """The line as approved (a notice published before the full line was fixed keeps its fixed name, unit, post and
    adds the rest from the profile), or, for a draft, from the profile now."""
    fixed = publicity.particulars
    row = notice_candidate(publicity) if not fixed.get("row") else dict(fixed["row"])
    if fixed and not fixed.get("row"):
        row["name"] = fixed.get("name", row["name"])
        if "position" in fixed:
            row["current_post"] = f"{fixed.get('unit', '')}{fixed['position']}" if fixed["position"] else ""
        if fixed.get("post_unit") and fixed.get("post_title"):
            row["post_unit"], row["post_title"] = fixed["post_unit"], fixed["post_title"]
            row["proposed_post"] = f"{fixed['post_unit']}{fixed['post_title']}"
    return _written_out(row)


def publicity_notice_context(publicity: Publicity, rows: list[Publicity] | None = None) -> dict[str, Any]:
    """任前公示 as the organization department issues it: the whole batch of the campaign going up together (every
    post and person on it, ``Publicity.batch_rows``), the basis, the period in working days, the channels, signed by
    the organization department. The public page, the print page and the Word document all read this; the public page
    gives the ``rows`` still on show."""
    campaign = publicity.post.campaign.name if publicity.post.campaign_id else ""
    rows = list(publicity.batch_rows()) if rows is None else rows
    settings = IssuerSettings.current()
    start, end = publicity.start_date, publicity.end_date
    if start is None:  # a draft: the period it would have if approved today (publicity.services.publicity_period)
        start = add_working_days(timezone.localdate(), 1)
        end = add_working_days(start, publicity.working_days)
    # Signed on the day the last of its posts was approved: the day the batch was complete.
    approved = [row.approved_at for row in rows if row.approved_at]
    written = bool(publicity.post.campaign_id and publicity.post.campaign.has_written_exam)
    return {
        **_common(),
        "campaign": campaign,
        "basis": settings.publicity_basis,
        # The steps the proposed appointees went through, as the notice names them (笔试 where the campaign held one).
        "written_exam": written,
        "procedure": "报名、资格审核、" + ("笔试、" if written else "") + "面试、民主测评和组织考察",
        "candidates": [_notice_row(row) for row in rows],
        "posts": len({row.post_id for row in rows}),
        "start": cn_date(start),
        "end": cn_date(end),
        "working_days": publicity.working_days,
        "contact": publicity.contact,
        "note": publicity.note,
        "signed_on": cn_date(timezone.localtime(max(approved))) if approved else cn_date(timezone.localdate()),
    }


def leadership_level(level: str) -> str:
    """职务层次 as the appointment documents write it (2019 rules): 乡科级正职, 乡科级副职."""
    return LEADERSHIP_LEVELS.get(level, "")


LEADERSHIP_LEVELS = {Level.SECTION: "乡科级正职", Level.DEPUTY_SECTION: "乡科级副职"}


def meeting_name(decision: Decision) -> str:
    """2026年第12次会议 (the meeting's number in its year, when the record gives it)."""
    return f"{decision.meeting_date.year}年第{decision.meeting_no}次会议" if decision.meeting_no else ""


def _meeting_decisions(decision: Decision) -> list[Decision]:
    """Every candidate the same meeting voted on (same unit, date and number): one record lists them as its items."""
    if not decision.meeting_no:
        return [decision]
    same = Decision.objects.filter(
        post__unit_id=decision.post.unit_id, meeting_date=decision.meeting_date, meeting_no=decision.meeting_no
    )
    return list(same.select_related("post__unit", "application__person").prefetch_related("members").order_by("pk"))


def _decision_item(decision: Decision) -> dict[str, Any]:
    """One item of the meeting: the candidate, his current post, the inspection and publicity, the counts, the
    decision sentence."""
    post, application = decision.post, decision.application
    person = application.person
    members = list(decision.members.all())
    absent = [m.name for m in members if not m.attended and not m.recused]
    count = {vote: sum(1 for m in members if m.vote == vote) for vote in DecisionMember.Vote.values}
    proposed = f"{post.unit.name}{post.title}"
    probation = "试用期一年" if _is_promotion(application) else ""
    level = leadership_level(post.level)
    passed = decision.result == Decision.Result.PASSED
    sentence = (
        f"同意{person.name}同志任{proposed}" + (f"（{level}）" if level else "") + (f"，{probation}。" if probation else "。")
        if passed
        else f"{person.name}同志任{proposed}的提名未获通过。"
    )
    return {
        "candidate": person.name,
        "current_post": f"{person.unit_display}{person.current_position}" if person.current_position else "",
        "proposed_post": proposed,
        "level": level,
        "inspection": _inspection_result(application.inspections.order_by("-pk").first()),
        "publicity": _publicity_result(application),
        "agree": count[DecisionMember.Vote.AGREE] if members else decision.agree,
        "disagree": count[DecisionMember.Vote.DISAGREE],
        "defer": count[DecisionMember.Vote.DEFER],
        "absent_count": len(absent) if members else decision.members_total - decision.present - decision.recused,
        "recused": "、".join(f"{m.name}（{m.recusal_reason}）" for m in members if m.recused),
        "result": "通过" if passed else "未通过",
        "sentence": sentence,
        "probation": probation if passed else "",
    }


def decision_record_context(decision: Decision) -> dict[str, Any]:
    """The committee's meeting record (会议记录): the body, the meeting's number, date, place and chair, the members
    present and absent, and each item the meeting voted on (``items``: this decision and the others of the same
    meeting), with those who left it (回避). The first item's fields are also at the top level, for a one-item
    template."""
    decisions = _meeting_decisions(decision)
    members = [m for d in decisions for m in d.members.all()]
    names = list(dict.fromkeys(m.name for m in members))  # the roster, in its order
    attended = {m.name for m in members if m.attended}
    recused = {m.name for m in members if m.recused}
    items = [_decision_item(d) for d in decisions]
    this = next(item for d, item in zip(decisions, items) if d.pk == decision.pk)
    return {
        **_common(),
        **_post_context(decision.post),
        "body": decision.post.unit.issuing_body,
        "meeting_number": meeting_name(decision),
        "meeting_date": cn_date(decision.meeting_date),
        "place": decision.place,
        "chair": decision.chair,
        "members_total": decision.members_total,
        "present_count": len(attended) if members else decision.present,
        "present": "、".join(name for name in names if name in attended),
        "absent": "、".join(name for name in names if name not in attended and name not in recused),
        **this,
        "items": items,
    }


def appointment_notice_context(decision: Decision, formalities) -> dict[str, Any]:
    """任职通知: the body's document with its number (罗委〔2026〕12号), the decision it carries out, the post with its
    职务层次, the probation of a promotion, the effective date; signed by the body with the date and its seal."""
    post, application = decision.post, decision.application
    person = application.person
    level = leadership_level(post.level)
    probation = "试用期一年" if _is_promotion(application) else ""
    proposed = f"{post.unit.name}{post.title}"
    appointment = f"{person.name}同志任{proposed}" + (f"（{level}）" if level else "")
    return {
        **_common(),
        **_post_context(post),
        "body": post.unit.issuing_body,
        "number": formalities.document_no,
        "title": f"关于{person.name}同志任职的通知",
        "recipients": "各有关单位：",
        "basis": f"经{decision.post.unit.issuing_body}{cn_date(decision.meeting_date)}会议研究决定：",
        "name": person.name,
        "appointment": appointment + (f"，{probation}。" if probation else "。"),
        "level": level,
        "probation": probation,
        "effective_on": cn_date(formalities.effective_on),
        "effective": f"自{cn_date(formalities.effective_on)}起任职。" if formalities.effective_on else "",
        "document_date": cn_date(formalities.document_date),
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
