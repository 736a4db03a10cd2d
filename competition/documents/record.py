"""The selection record (纪实) of a post: one plain structure, read from the workflow log and each step's records as
they are, in the order of the workflow. The page and the Word download both show it.

Each section is ``{"key", "title", "facts": [{"label", "value"}], "tables": [{"caption", "headers", "rows"}]}`` with
every value a string. An objection appears by its reference, date, investigation and result only: never who objected
nor how to reach them.
"""

from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from competition.evaluation.services import evaluation_published_results
from competition.models import (
    AdmissionTicket,
    Appeal,
    Application,
    Decision,
    Evaluation,
    Inspection,
    InspectionNotice,
    InterviewSession,
    Objection,
    Post,
    Publicity,
    Rating,
    Recusal,
    Substitution,
    WrittenExamSession,
)
from competition.progress import post_log


def _label(model: type[Model], field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _facts(obj: Model, fields: list[str]) -> list[dict[str, str]]:
    facts = []
    for name in fields:
        display = getattr(obj, f"get_{name}_display", None)
        facts.append({"label": _label(type(obj), name), "value": _text(display() if display else getattr(obj, name))})
    return facts


def _section(key: str, title: str, facts=None, tables=None) -> dict[str, Any]:
    return {"key": key, "title": title, "facts": facts or [], "tables": [t for t in (tables or []) if t["rows"]]}


def _table(caption: str, headers: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    return {"caption": caption, "headers": headers, "rows": [[_text(cell) for cell in row] for row in rows]}


def _campaign(post: Post) -> dict[str, Any]:
    campaign = post.campaign
    fields = [
        "name", "kind", "start_date", "has_written_exam", "written_pass_line", "interview_ratio",
        "written_exam_weight", "interview_weight", "evaluation_weight", "tie_rule",
        "advance_count", "advance_percent", "evaluation_turnout_numerator", "evaluation_turnout_denominator",
        "evaluation_pass_numerator", "evaluation_pass_denominator", "publicity_working_days", "max_substitutions",
    ]
    return _section("campaign", _("Campaign and its rules"), _facts(campaign, fields) if campaign else [])


def _release(post: Post) -> dict[str, Any]:
    log = [
        [entry.timestamp, entry.source_state or "", entry.state, entry.by.display_name if entry.by else "", entry.description]
        for entry in post_log(post)
    ]
    states = dict(Post.Status.choices)
    for row in log:
        row[1], row[2] = states.get(row[1], row[1]), states.get(row[2], row[2])
    return _section(
        "release",
        _("Release and announcement"),
        _facts(post, ["unit", "title", "places", "level", "created_at"]),
        [_table(_("Workflow log"), [_("time"), _("from"), _("to"), _("by"), _("reason")], log)],
    )


def _applications(post: Post) -> list[Application]:
    return list(post.applications.select_related("person").prefetch_related("reviews", "appeals").order_by("pk"))


def _registration(applications: list[Application]) -> dict[str, Any]:
    rows, reviews, appeals = [], [], []
    for a in applications:
        rows.append([a.person.name, a.get_status_display(), a.nomination_source and a.get_nomination_source_display(),
                     a.created_at, a.withdrawal_reason])
        reviews += [[a.person.name, r.at, r.qualified, r.reason] for r in a.reviews.all()]
        appeals += [[a.person.name, p.filed_at, p.get_status_display(), p.decided_at, p.decision_reason]
                    for p in a.appeals.all()]
    return _section(
        "registration",
        _("Registration and qualification review"),
        [{"label": _("applications"), "value": str(len(applications))}],
        [
            _table(_("Applications"), [_label(Application, "person"), _label(Application, "status"),
                                      _label(Application, "nomination_source"), _("submitted"),
                                      _label(Application, "withdrawal_reason")], rows),
            _table(_("Qualification reviews"), [_label(Application, "person"), _("at"), _("qualified"), _("reason")],
                   reviews),
            _table(_("Appeals"), [_label(Application, "person"), _label(Appeal, "filed_at"), _label(Appeal, "status"),
                                 _label(Appeal, "decided_at"), _label(Appeal, "decision_reason")], appeals),
        ],
    )


def _interview(post: Post, applications: list[Application]) -> dict[str, Any]:
    sessions = InterviewSession.objects.filter(posts=post).prefetch_related("examiners").order_by("date", "pk")
    session_rows = [
        [s.name, s.date, s.venue, s.get_status_display(), "、".join(e.name for e in s.examiners.all()), s.draw_seed,
         s.drawn_at]
        for s in sessions
    ]
    recusals = Recusal.objects.filter(session__in=sessions, application__post=post).select_related(
        "session", "examiner", "application__person"
    )
    scores = [
        [a.person.name, a.written_score, a.interview_score, a.final_score, a.interview_rank, a.advanced_to_evaluation]
        for a in applications
        if a.final_score is not None or a.interview_rank is not None or a.interview_score is not None
    ]
    written = [
        [t.number, t.application.person.name, t.session.name, t.session.starts_at, t.room.name, t.seat,
         _("absent (缺考)") if t.absent else t.mark]
        for t in AdmissionTicket.objects.filter(application__post=post)
        .select_related("application__person", "session", "room").order_by("number")
    ]  # fmt: skip
    return _section(
        "interview",
        _("Written exam and interview"),
        tables=[
            _table(_("Written exam"), [_label(AdmissionTicket, "number"), _label(Application, "person"),
                                       _label(WrittenExamSession, "name"), _label(WrittenExamSession, "starts_at"),
                                       _label(AdmissionTicket, "room"), _label(AdmissionTicket, "seat"),
                                       _label(AdmissionTicket, "mark")], written),
            _table(_("Interview sessions"), [_label(InterviewSession, "name"), _label(InterviewSession, "date"),
                                             _label(InterviewSession, "venue"), _label(InterviewSession, "status"),
                                             _label(InterviewSession, "examiners"),
                                             _label(InterviewSession, "draw_seed"), _label(InterviewSession, "drawn_at")],
                   session_rows),
            _table(_("Recusals"), [_label(InterviewSession, "name"), _("examiner"), _label(Application, "person"),
                                   _label(Recusal, "reason")],
                   [[r.session.name, r.examiner.name, r.application.person.name, r.reason] for r in recusals]),
            _table(_("Scores and ranks"), [_label(Application, "person"), _label(Application, "written_score"),
                                          _label(Application, "interview_score"), _label(Application, "final_score"),
                                          _label(Application, "interview_rank"),
                                          _label(Application, "advanced_to_evaluation")], scores),
        ],
    )


def _evaluation(post: Post) -> dict[str, Any]:
    evaluation = Evaluation.objects.filter(post=post).select_related("post__campaign").first()
    if evaluation is None:
        return _section("evaluation", _("Democratic evaluation"))
    results = evaluation_published_results(evaluation)
    facts = _facts(evaluation, ["date", "called", "status"]) + [
        {"label": _("ballots cast"), "value": str(results["cast"])},
        {"label": _label(Evaluation, "turnout_reached"), "value": _text(results["turnout_reached"])},
    ]
    rows = [[row["candidate"].application.person.name, *row["counts"], row["approving"], row["passes"]]
            for row in results["rows"]]
    headers = [_label(Application, "person"), *[str(label) for label in Rating.labels], _("approving"), _("passed")]
    return _section("evaluation", _("Democratic evaluation"), facts, [_table(_("Results"), headers, rows)])


def _inspection(post: Post) -> dict[str, Any]:
    """The notices, each candidate's team (with recusals), checklist and conclusion."""
    notices = [
        [n.number, n.published_on, n.start_date, n.end_date, n.names, n.contact]
        for n in InspectionNotice.objects.filter(post=post).order_by("number")
    ]
    inspections = (
        Inspection.objects.filter(post=post)
        .select_related("application__person")
        .prefetch_related("team_members__inspector", "file_review")
        .order_by("pk")
    )
    fields = ["start_date", "end_date", "people_talked_to", "evaluation_result", "findings", "conclusion", "fail_reason",
              "concluded_on"]  # fmt: skip
    rows, team, checks = [], [], []
    for i in inspections:
        name = i.application.person.name
        members = [m for m in i.team_members.all()]
        serving = "、".join(m.inspector.name for m in members if not m.recused) or i.team
        rows.append([name, serving, *[fact["value"] for fact in _facts(i, fields)]])
        team += [[name, m.inspector.name, m.recusal_reason] for m in members if m.recused]
        checks += [[name, r.get_item_display(), r.get_result_display(), r.note] for r in i.file_review.all()]
        if i.integrity_opinion:
            opinion = f"{i.get_integrity_opinion_display()}（{i.integrity_opinion_by}，{_text(i.integrity_opinion_on)}）"
            checks.append([name, _label(Inspection, "integrity_opinion"), opinion, i.integrity_opinion_note])
        if i.personal_matters:
            checks.append([name, _label(Inspection, "personal_matters"), i.get_personal_matters_display(),
                           i.personal_matters_note])  # fmt: skip
    return _section(
        "inspection", _("Inspection"),
        tables=[
            _table(_("Inspection notices"), [_label(InspectionNotice, f) for f in ("number", "published_on", "start_date",
                                                                                    "end_date")]
                   + [_("candidates"), _label(InspectionNotice, "contact")], notices),
            _table(_("Inspections"), [_label(Inspection, "application"), _("inspection team")]
                   + [_label(Inspection, f) for f in fields], rows),
            _table(_("Recusals in the inspection team"), [_label(Inspection, "application"), _("member"),
                                                         _("reason for recusal")], team),
            _table(_("Checklist"), [_label(Inspection, "application"), _("item"), _("result"), _("note")], checks),
        ],
    )  # fmt: skip


def _publicity(post: Post) -> dict[str, Any]:
    notices = Publicity.objects.filter(post=post).select_related("application__person").order_by("notice_no", "pk")
    fields = ["notice_no", "status", "working_days", "start_date", "end_date"]
    rows = [[n.application.person.name, *[f["value"] for f in _facts(n, fields)]] for n in notices]
    # Never the objector's name, contact or words: the reference, dates, investigation and result only.
    objections = Objection.objects.filter(publicity__post=post).select_related("publicity__application__person")
    objection_rows = [
        [o.reference, o.publicity.application.person.name, o.created_at, o.get_result_display(), o.investigation,
         o.investigated_at]
        for o in objections.order_by("created_at", "pk")
    ]
    return _section(
        "publicity", _("Pre-appointment publicity"),
        tables=[
            _table(_("Notices"), [_label(Publicity, "application")] + [_label(Publicity, f) for f in fields], rows),
            _table(_("Objections"), [_label(Objection, "reference"), _label(Publicity, "application"), _("received"),
                                     _label(Objection, "result"), _label(Objection, "investigation"), _("investigated")],
                   objection_rows),
        ],
    )


def _decision(post: Post) -> dict[str, Any]:
    decisions = Decision.objects.filter(post=post).select_related("application__person").prefetch_related("members")
    fields = ["meeting_date", "members_total", "present", "recused", "agree", "result"]
    rows, votes = [], []
    for d in decisions.order_by("pk"):
        rows.append([d.application.person.name, *[f["value"] for f in _facts(d, fields)]])
        votes += [[d.application.person.name, m.name, m.attended, m.recused and m.recusal_reason,
                   m.get_vote_display() if m.attended and not m.recused else ""] for m in d.members.all()]
    return _section(
        "decision", _("Committee decision"),
        tables=[
            _table(_("Decisions"), [_label(Decision, "application")] + [_label(Decision, f) for f in fields], rows),
            _table(_("Attendance, recusals and votes"),
                   [_label(Decision, "application"), _("member"), _("present"), _("reason for recusal"), _("vote")],
                   votes),
        ],
    )


def _substitutions(post: Post, applications: list[Application]) -> dict[str, Any]:
    substitutions = Substitution.objects.filter(post=post).select_related("replaced__person", "substitute__person")
    rows = [[s.number, s.replaced.person.name, s.substitute.person.name, s.reason, s.confirmed_at]
            for s in substitutions]
    outcomes = [[a.person.name, a.get_outcome_display(), a.outcome_on] for a in applications]
    return _section(
        "substitutions", _("Substitutions and outcome"),
        _facts(post, ["status"]),
        [
            _table(_("Substitutions"), [_label(Substitution, f) for f in ("number", "replaced", "substitute", "reason",
                                                                          "confirmed_at")], rows),
            _table(_("Outcome per candidate"), [_label(Application, "person"), _label(Application, "outcome"),
                                                _label(Application, "outcome_on")], outcomes),
        ],
    )


def selection_record(post: Post) -> dict[str, Any]:
    """The post's selection record: a title and its sections in workflow order."""
    applications = _applications(post)
    campaign_name = post.campaign.name if post.campaign_id else ""
    return {
        "title": _("Selection record"),
        "post": f"{campaign_name} · {post.unit.name} · {post.title}",
        "made_on": timezone.localdate().isoformat(),
        "sections": [
            _campaign(post),
            _release(post),
            _registration(applications),
            _interview(post, applications),
            _evaluation(post),
            _inspection(post),
            _publicity(post),
            _decision(post),
            _substitutions(post, applications),
        ],
    }

