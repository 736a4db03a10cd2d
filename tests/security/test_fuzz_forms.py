"""Hypothesis over every form: each POST endpoint gets random values per field as the persona allowed to post.

The response is never a 500 (the test client raises the view's exception, failing the example), and when
the response reports invalid input (a 4xx, a form with errors, an error message) no row of the project's
tables has changed. ``ENDPOINTS`` lists every POST endpoint with the objects it needs, the persona and the
form's fields; ``NOT_FUZZED`` lists, with a reason, the POST endpoints left out. A meta-test fails when a URL
pattern accepting POST is in neither, so a future form cannot escape the fuzzing.

The world (posts at every step, a session, a term, a reappointment ...) is built once per class by the
services themselves; hypothesis' Django TestCase rolls every example back, so each starts from the same state.
"""

import dataclasses
import datetime
import inspect
import os
import tempfile
from collections.abc import Callable

from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm, BaseFormSet
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from competition.evaluation import services as evaluations
from competition.interviews import scoring
from competition.interviews import services as interviews
from competition.models import Examiner, Objection, Post, Question, WorkdayOverride
from competition.written import services as written
from notifications.models import Notification, Reminder
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    CandidateUserFactory,
    OfficeUserFactory,
    SecretaryFactory,
    UnitFactory,
    UserFactory,
    post_in_state,
)
from tests.security.fuzzing import VALID_DATES, VALID_DATETIMES, assert_unchanged, form_data, snapshot


@dataclasses.dataclass(frozen=True)
class Endpoint:
    url: str  # the URL name
    args: Callable  # world -> the URL's arguments
    persona: str  # the world's attribute of the user allowed to post (None: anonymous)
    fields: tuple  # the form's field names
    extra: dict = dataclasses.field(default_factory=dict)  # fixed values (the action of a multi-action form)
    files: tuple = ()  # file fields: get random bytes
    label: str = ""
    valid: dict = dataclasses.field(default_factory=dict)  # accepted values (or strategies), mixed with hostile ones

    @property
    def name(self):
        return self.label or self.url.replace(":", "_")


def none(_world):
    return []


# The decision post's committee, with fixed ids so that its form's field names (vote_<member id>) are known here.
ROSTER_IDS = (900001, 900002, 900003)
# The inspection team pool, with fixed ids for the team's choices.
INSPECTOR_IDS = (910001, 910002, 910003)
CHECKLIST_FIELDS = (
    "file_birth_date", "file_birth_date_note", "file_work_start", "file_party_date", "file_education", "file_work_history",
    "file_identity", "file_identity_note", "integrity_opinion", "integrity_opinion_by", "integrity_opinion_on",
    "integrity_opinion_note", "personal_matters", "personal_matters_note", "people_talked_to", "evaluation_result",
)


CAMPAIGN_FIELDS = (
    "name", "kind", "unit", "identity_checks", "start_date", "closed_on", "description", "min_qualified_applicants", "too_few_action",
    "posts_per_candidate_per_round", "examiners_per_session", "trim_each_end", "written_exam_weight",
    "interview_weight", "evaluation_weight", "tie_rule", "interview_ratio", "inspection_extra", "advance_count",
    "advance_percent", "evaluation_turnout_numerator", "evaluation_turnout_denominator",
    "evaluation_pass_numerator", "evaluation_pass_denominator", "publicity_working_days", "appeal_working_days",
    "unified_term_end",
    "reappointment_deadline",
)
POST_FIELDS = ("title", "places", "level", "min_education", "max_age", "min_leadership_level", "min_grade", "min_years_in_rank",
               "other_requirements", "duties", "term_goals", "unit")
PROFILE_FIELDS = ("name", "id_number", "phone", "email", "current_unit", "current_unit_other", "current_position",
                  "leadership_level", "grade", "rank_since", "education", "major", "political_status", "work_started",
                  "declaration", "ethnicity", "native_place", "birthplace", "health", "professional_title",
                  "fulltime_education", "fulltime_degree", "fulltime_school", "inservice_education", "inservice_degree",
                  "inservice_school", "rewards_penalties", "annual_assessments")
ISSUER_FIELDS = ("district_name", "department_name", "report_phone", "report_line", "report_website",
                 "letters_address", "letters_postcode", "visits_address", "visits_hours")
NOMINATION_FIELDS = ("nomination_source", "nominated_by", "nomination_signatures")
NOMINATION_VALID = {"nomination_source": st.sampled_from(["self", "organisation", "colleagues"]), "nominated_by": "区委组织部",
                    "nomination_signatures": st.integers(1, 200).map(str)}
TERM_CHANGE_FIELDS = ("name", "expiring_by", "registration_opens", "registration_closes", "unified_term_end",
                      "reappointment_deadline", "confirm")


def w_paper_fields():
    # The paper tally's fields are named after the evaluation's candidates: c<pk>_<rating>; the world's
    # evaluation has its candidates numbered from the first id, so fuzz a plausible few and some foreign ones.
    return ("c1_excellent", "c1_competent", "c1_basically_competent", "c1_incompetent", "c999_excellent")


def term_action(action, fields, **valid):
    return Endpoint("tenure:term_action", lambda w: [w.term.pk, action], "office", fields, label=f"tenure_term_{action}",
                    valid=valid)


def reappointment_action(action, fields, **valid):
    return Endpoint("tenure:reappointment_action", lambda w: [w.reappointment.pk, action], "office", fields,
                    label=f"tenure_reappointment_{action}", valid=valid)


def session_action(action):
    return Endpoint("interviews:session_action", lambda w: [w.session.pk], "office", ("count",),
                    extra={"action": action}, label=f"interviews_session_{action}")


def post_action(action):
    return Endpoint("competition:post_action", lambda w: [w.released_post.pk], "office", ("reason",),
                    extra={"action": action}, label=f"competition_post_{action}")


ENDPOINTS = [
    # accounts
    Endpoint("accounts:login", none, None, ("username", "password", "next")),
    Endpoint("accounts:logout", none, "candidate", ("next",)),
    Endpoint("accounts:password_change", none, "candidate", ("old_password", "new_password1", "new_password2")),
    Endpoint("accounts:password_reset", none, None, ("email",)),
    Endpoint("accounts:password_reset_confirm", lambda w: ["MQ", "set-password"], None, ("new_password1", "new_password2")),
    Endpoint("set_language", none, None, ("language", "next")),
    Endpoint("accounts:two_factor_setup", none, "candidate", ("token", "next")),
    Endpoint("accounts:two_factor_verify", none, "office", ("token", "next")),
    Endpoint("accounts:recovery_codes", none, "office", ()),
    Endpoint("accounts:user_roles", none, "sysadmin", ("user", "role", "granted")),
    Endpoint("accounts:security", none, "secadmin", ("action", "user", "username")),
    # campaigns and posts (competition/urls.py)
    Endpoint("competition:campaign_create", none, "office", CAMPAIGN_FIELDS),
    Endpoint("competition:campaign_edit", lambda w: [w.campaign.pk], "office", CAMPAIGN_FIELDS),
    Endpoint("competition:round_create", lambda w: [w.campaign.pk], "office", ("number", "registration_opens", "registration_closes"),
             valid={"number": st.integers(1, 40).map(str), "registration_opens": VALID_DATETIMES, "registration_closes": VALID_DATETIMES}),
    Endpoint("competition:post_create", lambda w: [w.campaign.pk], "secretary", POST_FIELDS),
    Endpoint("competition:campaign_announce", lambda w: [w.campaign.pk], "office", ("round",)),
    Endpoint("competition:post_edit", lambda w: [w.draft_post.pk], "secretary", POST_FIELDS),
    Endpoint("competition:post_action", lambda w: [w.released_post.pk], "office", ("action", "reason")),
    post_action("return"),
    post_action("accept"),
    Endpoint("competition:post_assign_round", lambda w: [w.released_post.pk], "office", ("round", "announce")),
    Endpoint("competition:post_rerelease", lambda w: [w.failed_post.pk], "office", ("campaign", "round")),
    # registration
    Endpoint("registration:apply", lambda w: [w.reg_post.pk], "applicant", ("statement", *NOMINATION_FIELDS),
             valid=NOMINATION_VALID),
    Endpoint("registration:sign_up", none, None, ("username", "full_name", "email", "password1", "password2")),
    Endpoint("registration:verify_email", lambda w: [w.token], None, ()),
    Endpoint("registration:profile", none, "candidate", PROFILE_FIELDS, files=("photo_upload",)),
    Endpoint("registration:work_history_add", none, "candidate", ("start", "end", "organisation", "position"),
             valid={"start": VALID_DATES, "end": VALID_DATES, "organisation": "罗店镇", "position": "科员"}),
    Endpoint("registration:work_history_delete", lambda w: [w.history_entry.pk], "candidate", ()),
    Endpoint("registration:family_member_add", none, "candidate", ("relation", "name", "birth_date", "political_status", "work"),
             valid={"relation": "妻子", "name": "李四", "birth_date": VALID_DATES}),
    Endpoint("registration:family_member_delete", lambda w: [w.family_member.pk], "candidate", ()),
    Endpoint("registration:own_id_number_reveal", none, "candidate", ()),
    Endpoint("registration:id_number_reveal", lambda w: [w.candidate.person.pk], "office", ()),
    Endpoint("registration:application_edit", lambda w: [w.application.pk], "candidate", ("statement", *NOMINATION_FIELDS),
             valid=NOMINATION_VALID),
    Endpoint("registration:application_withdraw", lambda w: [w.application.pk], "candidate", ("reason",)),
    Endpoint("registration:application_switch", lambda w: [w.application.pk], "candidate", ("post",)),
    Endpoint("registration:review", lambda w: [w.application.pk], "office", ("decision", "reason")),
    # the candidate's file (competition.candidates)
    Endpoint("candidates:nomination_set", lambda w: [w.application.pk], "office", NOMINATION_FIELDS, valid=NOMINATION_VALID),
    Endpoint("candidates:appeal_file", lambda w: [w.refused.pk], "refusee", ("reason",), valid={"reason": "年限计算有误"}),
    Endpoint("candidates:exception_request", lambda w: [w.short_application.pk], "short", ("requirement", "reason"),
             files=("evidence",), valid={"requirement": "years_in_rank", "reason": "业绩突出"}),
    Endpoint("candidates:exception_decide", lambda w: [w.exception.pk], "office", ("decision", "reason"),
             valid={"decision": st.sampled_from(["approve", "refuse"]), "reason": "同意"}),
    Endpoint("candidates:exception_confirm", lambda w: [w.proposed_exception.pk], "office", ()),
    Endpoint("candidates:requirements", lambda w: [w.campaign.pk], "office",
             ("post", "kind", "title", "required", "deadline", "allowed_types", "max_mb"),
             valid={"kind": st.sampled_from(["work_plan", "slides", "certificates", "other"]), "title": "工作设想",
                    "deadline": VALID_DATETIMES, "allowed_types": st.sampled_from(["pdf", "pptx"]), "max_mb": "10"}),
    Endpoint("candidates:requirement_delete", lambda w: [w.material_requirement.pk], "office", ()),
    Endpoint("candidates:materials", lambda w: [w.application.pk], "candidate", ("requirement",), files=("file",)),
    Endpoint("candidates:appeal_decide", lambda w: [w.appeal.pk], "office", ("decision", "reason"),
             valid={"decision": st.sampled_from(["uphold", "dismiss"]), "reason": "核实"}),
    Endpoint("registration:confirm_passing", lambda w: [w.reg_post.pk], "office", ()),
    Endpoint("registration:close", lambda w: [w.reg_post.pk], "office", ("too_few_action", "reason")),
    Endpoint("competition:round_edit", lambda w: [w.reg_post.round_id], "office", ("registration_opens", "registration_closes"),
             valid={"registration_opens": VALID_DATETIMES, "registration_closes": VALID_DATETIMES}),
    Endpoint("registration:round_close_now", lambda w: [w.reg_post.round_id], "office", ("reason",)),
    Endpoint("competition:post_vacancy_override", lambda w: [w.released_post.pk], "office", ("reason",)),
    Endpoint("registration:round_pause", lambda w: [w.reg_post.round_id], "office", ("pause-reason",)),
    Endpoint("registration:round_resume", lambda w: [w.reg_post.round_id], "office", ("resume-reason",)),
    Endpoint("registration:round_extend", lambda w: [w.reg_post.round_id], "office", ("extend-new_closes", "extend-reason"),
             valid={"extend-new_closes": VALID_DATETIMES}),
    Endpoint("registration:late_registration_grant", lambda w: [w.reg_post.round_id], "office",
             ("late-post", "late-id_number", "late-valid_until", "late-reason"), valid={"late-valid_until": VALID_DATETIMES}),
    Endpoint("appointment:publicity_end", lambda w: [w.notice.post_id], "office", ()),
    # interviews
    Endpoint("interviews:examiner_list", none, "office", ("name", "unit", "title", "specialties", "username")),
    Endpoint("interviews:examiner_detail", lambda w: [w.examiners[0].pk], "office", ("id_number", "kind")),
    Endpoint("interviews:examiner_account", lambda w: [w.examiners[1].pk], "office",
             ("account-username", "account-email", "account-method"), valid={"account-method": st.sampled_from(["invite", "password"])}),
    Endpoint("interviews:examiner_attach", lambda w: [w.examiners[2].pk], "office", ("attach-username",)),
    Endpoint("accounts:invitation_accept", lambda w: [w.invitation], None, ("new_password1", "new_password2")),
    Endpoint("interviews:question_list", none, "office", ("category", "unit_kind", "text", "notes")),
    Endpoint("interviews:session_create", none, "office", ("campaign", "name", "posts", "date", "start_time", "venue"),
             valid={"name": "第三场", "date": VALID_DATES}),
    Endpoint("interviews:session_action", lambda w: [w.session.pk], "office", ("action", "count")),
    session_action("draw"),
    session_action("draw_questions"),
    Endpoint("interviews:session_examiners", lambda w: [w.session.pk], "office", ("examiners",)),
    Endpoint("interviews:session_dimensions", lambda w: [w.session.pk], "office", ("dimensions",)),
    Endpoint("interviews:session_questions", lambda w: [w.session.pk], "office", ("questions",)),
    Endpoint("interviews:session_recusal", lambda w: [w.session.pk], "office", ("examiner", "application", "reason")),
    Endpoint("interviews:slot_absent", lambda w: [w.session.pk], "office", ("slot", "absent")),
    Endpoint("interviews:slot_written_score", lambda w: [w.started_session.pk], "office", ("slot", "value")),
    Endpoint("interviews:score_correct", lambda w: [w.started_session.pk], "office", ("score", "value", "reason")),
    Endpoint("interviews:session_import", lambda w: [w.started_session.pk], "office", (), files=("sheet",)),
    Endpoint("interviews:extra_interview", lambda w: [w.evaluation_post.pk], "office", ("application", "value", "reason")),
    Endpoint("interviews:examiner_score", lambda w: [w.started_session.pk], "examiner", ("application", "value", "dim-1")),
    # the written exam
    Endpoint("written:session_create", none, "office",
             ("campaign", "name", "posts", "starts_at", "ends_at", "venue", "rooms", "rules"),
             valid={"name": "第三考点", "starts_at": VALID_DATETIMES, "ends_at": VALID_DATETIMES, "venue": "党校",
                    "rooms": "第一考场 30"}),
    Endpoint("written:session_action", lambda w: [w.written_session.pk], "office", ("action",),
             valid={"action": st.sampled_from(["issue", "publish"])}),
    Endpoint("written:marks", lambda w: [w.issued_session.pk], "office", ("reason", "mark-1", "absent-1", "mark-99"),
             valid={"mark-1": st.sampled_from(["80", "缺考", "60.5"])}),
    Endpoint("written:marks_import", lambda w: [w.issued_session.pk], "office", ("correction", "reason"), files=("sheet",)),
    # steps 5 to 8
    Endpoint("appointment:vote", none, None, ("code", "cast", "c1", "c2")),
    Endpoint("appointment:evaluation_open", lambda w: [w.evaluation_post.pk], "office", ("called", "date"),
             valid={"called": st.integers(1, 2000).map(str), "date": VALID_DATES}),
    Endpoint("appointment:evaluation_codes", lambda w: [w.open_evaluation.post_id], "office", ()),
    Endpoint("appointment:evaluation_paper", lambda w: [w.open_evaluation.post_id], "office", ("ballots", *w_paper_fields()),
             valid={"ballots": st.integers(0, 10**6).map(str)}),
    Endpoint("appointment:evaluation_close", lambda w: [w.open_evaluation.post_id], "office", ()),
    Endpoint("appointment:evaluation_approve", lambda w: [w.approval_post.pk], "office", ("reason",)),
    Endpoint("appointment:inspection_notice", lambda w: [w.inspection_post.pk], "office", ("start_date", "end_date", "contact"),
             valid={"start_date": VALID_DATES, "end_date": VALID_DATES, "contact": "电话：12380"}),
    Endpoint("appointment:inspection_team", lambda w: [w.open_inspection.post_id], "office", ("inspectors",),
             valid={"inspectors": st.sampled_from([str(i) for i in INSPECTOR_IDS])}),
    Endpoint("appointment:inspection_detail", lambda w: [w.open_inspection.pk], "office", CHECKLIST_FIELDS,
             valid={"file_birth_date": st.sampled_from(["", "confirmed", "discrepancy"]), "people_talked_to": "20",
                    "integrity_opinion": st.sampled_from(["", "clear", "concerns"]), "integrity_opinion_on": VALID_DATES,
                    "personal_matters": st.sampled_from(["", "consistent", "inconsistent"])}),
    Endpoint("appointment:inspection_recusal", lambda w: [w.open_inspection.pk], "office", ("inspector", "reason")),
    Endpoint("appointment:inspection_conclusion", lambda w: [w.open_inspection.pk], "office",
             ("conclusion", "findings", "fail_reason"), files=("report",),
             valid={"conclusion": st.sampled_from(["pass", "fail"]), "findings": "好", "fail_reason": "问题"}),
    Endpoint("appointment:inspector_list", none, "office", ("name", "unit", "title", "id_number")),
    Endpoint("appointment:inspector_detail", lambda w: [INSPECTOR_IDS[0]], "office", ("id_number", "kind"),
             valid={"kind": st.sampled_from(["spouse", "direct", "collateral", "in_law"])}),
    Endpoint("appointment:inspector_active", lambda w: [INSPECTOR_IDS[1]], "office", ()),
    Endpoint("appointment:publicity_edit", lambda w: [w.publicity_post.pk], "office", ("contact", "note")),
    Endpoint("appointment:publicity_approve", lambda w: [w.publicity_post.pk], "secretary", ()),
    Endpoint("appointment:publicity_return", lambda w: [w.publicity_post.pk], "secretary", ("reason",)),
    Endpoint("appointment:publicity_public", lambda w: [w.notice.pk], None, ("name", "contact", "text")),
    Endpoint("appointment:objection_investigate", lambda w: [w.objection.pk], "office", ("investigation", "result")),
    Endpoint("appointment:decision_record", lambda w: [w.decision_post.pk], "office",
             ("meeting_date", "notes", "application_id", "meeting_no", "place", "chair",
              *(f"vote_{pk}" for pk in ROSTER_IDS)),
             valid={"meeting_date": VALID_DATES, "meeting_no": st.integers(1, 999).map(str), "place": "会议室",
                    "chair": st.sampled_from(["委员0", "委员1"]),
                    **{f"vote_{pk}": st.sampled_from(["agree", "disagree", "defer", ""]) for pk in ROSTER_IDS}}),
    Endpoint("appointment:committee_roster", lambda w: [w.unit.pk], "secretary",
             ("name", "role", "serving_from", "serving_until", "person"),
             valid={"name": "新委员", "role": st.sampled_from(["secretary", "deputy", "member"]),
                    "serving_from": VALID_DATES, "serving_until": VALID_DATES}),
    Endpoint("appointment:committee_member_end", lambda w: [ROSTER_IDS[0]], "secretary", ("serving_until",),
             valid={"serving_until": VALID_DATES}),
    Endpoint("appointment:committee_member_relative", lambda w: [ROSTER_IDS[0]], "secretary", ("person", "kind"),
             valid={"kind": st.sampled_from(["spouse", "direct", "collateral", "in_law"])}),
    Endpoint("appointment:formalities_talk", lambda w: [w.passed_decision.pk], "secretary",
             ("talked_by", "talk_on", "talk_points"),
             valid={"talked_by": "张部长", "talk_on": VALID_DATES, "talk_points": "要求"}),
    Endpoint("appointment:formalities_document", lambda w: [w.talked_decision.pk], "secretary",
             ("document_seq", "document_date", "effective_on"),
             valid={"document_seq": st.sampled_from(["", "1", "12"]), "document_date": VALID_DATES,
                    "effective_on": VALID_DATES}),
    Endpoint("appointment:substitute_confirm", lambda w: [w.decision_post.pk], "office", ("replaced_id", "reason")),
    Endpoint("appointment:close_with_fewer", lambda w: [w.decision_post.pk], "office", ("reason",)),
    Endpoint("appointment:inspection_conclude", lambda w: [w.inspection_post.pk], "office", ()),
    Endpoint("appointment:rerelease", lambda w: [w.decision_post.pk], "office", ("reason",)),
    Endpoint("appointment:workdays", none, "office", ("date", "is_working_day", "note"), valid={"date": VALID_DATES}),
    Endpoint("appointment:workday_delete", lambda w: [w.workday.pk], "office", ()),
    # tenure
    Endpoint("tenure:term_action", lambda w: [w.term.pk, "goal"], "office", ("goal", "measures")),
    term_action("review", ("year", "rating", "notes"), year=st.integers(-10, 10**5).map(str), rating="competent"),
    Endpoint("tenure:term_action", lambda w: [w.probation_term.pk, "probation"], "office",
             ("result", "assessed_on", "reason", "returned_to_post"), label="tenure_term_probation",
             valid={"result": st.sampled_from(["confirmed", "not_confirmed"]), "assessed_on": VALID_DATES,
                    "reason": "不称职", "returned_to_post": "副主任"}),
    term_action("assessment", ("rating", "assessed_on", "notes"), rating="competent", assessed_on=VALID_DATES),
    term_action("terminate", ("reason", "on", "note"), reason=st.sampled_from(["illness", "reorganisation", "max_age", "unfit"]),
                on=VALID_DATES),
    term_action("move", ("position", "on", "note"), on=VALID_DATES, note="工作需要"),
    term_action("exit", ("talk_on", "handover_on", "filed_on", "arrangement", "arrangement_details"), talk_on=VALID_DATES,
                handover_on=VALID_DATES, filed_on=VALID_DATES, arrangement="retirement"),
    term_action("certificate", ()),
    Endpoint("tenure:goal_delete", lambda w: [w.term.pk, w.goal.pk], "office", ()),
    Endpoint("tenure:reappointments", none, "office", ("campaign", "term")),
    Endpoint("tenure:reappointment_action", lambda w: [w.reappointment.pk, "results"], "office",
             ("evaluation_result", "performance_result"),
             valid={"evaluation_result": "competent", "performance_result": "excellent"}),
    reappointment_action("publicity", ("publicity_start", "publicity_end"), publicity_start=VALID_DATES, publicity_end=VALID_DATES),
    reappointment_action("submit", ()),
    reappointment_action("approve", ("note",)),
    reappointment_action("reject", ("note",)),
    reappointment_action("certify", ()),
    Endpoint("tenure:term_change", none, "office", TERM_CHANGE_FIELDS,
             valid={"name": "2030年换届", "expiring_by": VALID_DATES, "registration_opens": VALID_DATETIMES,
                    "registration_closes": VALID_DATETIMES, "unified_term_end": VALID_DATES, "confirm": "1"}),
    # documents (competition/documents)
    Endpoint("documents:template_action", none, "office", ("action", "kind"), files=("template",),
             valid={"action": st.sampled_from(["upload", "reset"]), "kind": st.sampled_from(["approval_form", "certificate"])}),
    Endpoint("documents:issuers", none, "office", ISSUER_FIELDS),
    Endpoint("documents:unit_issuer", lambda w: [w.unit.pk], "office", ("party_body", "short_code"),
             valid={"party_body": "中共罗店镇委员会", "short_code": "罗委"}),
    # notifications
    Endpoint("notifications:mark_read", lambda w: [w.notification.pk], "office", ("next",)),
    Endpoint("notifications:mark_all_read", none, "office", ()),
    Endpoint("notifications:reminder_resend", lambda w: [w.reminder.pk], "office", ()),
    # reports
    Endpoint("reports:export_start", none, "office", ("kind", "campaign")),
    Endpoint("reports:export_restart", lambda w: [w.export_job.pk], "office", ()),
    Endpoint("reports:import", none, "office", (), files=("file",)),
]


# POST endpoints not fuzzed here, and why. (GET-only pages need no entry: the meta-test recognises them.)
NOT_FUZZED = {
    # Django's own admin: tested by Django, and only superusers reach it; the office works in the product's pages.
    "admin:*",
}

FUZZED_NAMES = {e.url for e in ENDPOINTS}


# --- The world ---

class World:
    """Every object the endpoints need, in the state where their forms are accepted."""

    def __init__(self):
        from tests.competition.stages import (
            at_decision,
            at_evaluation,
            at_inspection,
            at_publicity,
            published,
            vote_all,
        )

        self.unit = UnitFactory(name="罗店镇")
        self.office = OfficeUserFactory(username="office")
        self.secretary = SecretaryFactory(username="secretary", secretary_of=self.unit)
        self.candidate = CandidateUserFactory(username="candidate")
        self.sysadmin = UserFactory(username="sysadmin", is_system_admin=True)
        self.secadmin = UserFactory(username="secadmin", is_security_admin=True)
        self.applicant = CandidateUserFactory(username="applicant")
        for user in (self.candidate, self.applicant):
            user.person.declaration_signed_at = timezone.now()
            user.person.birth_date = datetime.date(1985, 6, 1)
            user.person.save()
        self.campaign = CampaignFactory(name="2004年统一竞岗")
        self.draft_post = post_in_state(Post.Status.DRAFT, unit=self.unit, campaign=self.campaign)
        self.released_post = post_in_state(Post.Status.RELEASED, unit=self.unit, campaign=self.campaign)
        self.reg_post = post_in_state(Post.Status.REGISTRATION, unit=self.unit, campaign=self.campaign, max_age=None)
        self.failed_post = post_in_state(Post.Status.REGISTRATION, unit=self.unit, campaign=self.campaign)
        from competition import workflow

        workflow.post_fail(post_id=self.failed_post.pk, by=None, reason="无合适人选")
        self.application = ApplicationFactory(post=self.reg_post, person=self.candidate.person, status="pending")
        # An application found not qualified (the applicant may appeal), and another's open appeal (the office decides).
        from competition.models import Appeal
        from competition.registration import services as registration

        self.refusee = CandidateUserFactory(username="refusee")
        self.refusee.person.declaration_signed_at = timezone.now()
        self.refusee.person.birth_date = datetime.date(1985, 6, 1)
        self.refusee.person.save()
        self.refused = registration.application_submit(post_id=self.reg_post.pk, by=self.refusee)
        registration.application_review(application_id=self.refused.pk, by=self.office, qualified=False, reason="不符合")
        appellant = CandidateUserFactory(username="appellant")
        appealed = ApplicationFactory(post=self.reg_post, person=appellant.person, status="unqualified")
        self.appeal = Appeal.objects.create(application=appealed, reason="复核", filed_by=appellant)
        # An application short of a requirement (its candidate may ask an exception), another's exception waiting for
        # a decision, and one decided by a second office member (the office persona confirms it).
        from competition.models import ExceptionRequest

        self.short = CandidateUserFactory(username="short")
        short_post = post_in_state(Post.Status.REGISTRATION, unit=self.unit, campaign=self.campaign, max_age=None,
                                   min_years_in_rank=30,
                                   min_leadership_level=self.short.person.leadership_level, min_grade="")
        self.short.person.declaration_signed_at = timezone.now()
        self.short.person.save()
        self.short_application = registration.application_submit(post_id=short_post.pk, by=self.short)
        self.exception = ExceptionRequest.objects.create(application=appealed, requirement="age", reason="业绩突出")
        from competition.models import MaterialRequirement

        self.material_requirement = MaterialRequirement.objects.create(
            campaign=self.campaign, kind="work_plan", title="工作设想", deadline=timezone.now() + datetime.timedelta(days=30),
            allowed_types=["pdf"], max_mb=1,
        )
        other_office = OfficeUserFactory(username="office2")
        self.proposed_exception = ExceptionRequest.objects.create(
            application=appealed, requirement="education", reason="业绩突出", status="proposed", approve=True,
            decision_reason="同意", decided_by=other_office, decided_at=timezone.now(),
        )
        self.history_entry = self.candidate.person.work_history.create(
            start=datetime.date(2005, 1, 1), organisation="罗店镇", position="科员"
        )
        self.family_member = self.candidate.person.family.create(relation="妻子", name="李四")
        from accounts.services import account_create, invitation_token, verification_token

        inactive = CandidateUserFactory(username="inactive", is_active=False)
        self.token = verification_token(inactive)
        self.invitation = invitation_token(account_create(username="invited", full_name="受邀考官", one_time=False)[0])

        interview_post = post_in_state(Post.Status.INTERVIEW, unit=self.unit, campaign=self.campaign)
        self.examiners = [Examiner.objects.create(name=f"考官{i}", user=UserFactory(username=f"ex{i}") if i == 0 else None) for i in range(6)]
        self.examiner = self.examiners[0].user
        Question.objects.create(category="综合分析", text="题目")
        self.session = interviews.session_create(campaign=self.campaign, name="第一场", posts=[interview_post], by=self.office)
        interviews.session_set_examiners(session_id=self.session.pk, examiner_ids=[e.pk for e in self.examiners[:5]], by=self.office)
        second_post = post_in_state(Post.Status.INTERVIEW, unit=self.unit, campaign=self.campaign)
        self.started_session = interviews.session_create(campaign=self.campaign, name="第二场", posts=[second_post], by=self.office)
        interviews.session_set_examiners(session_id=self.started_session.pk, examiner_ids=[e.pk for e in self.examiners[:5]], by=self.office)
        interviews.session_draw(session_id=self.started_session.pk, by=self.office)
        interviews.session_start(session_id=self.started_session.pk, by=self.office)
        first = self.started_session.slots.order_by("pk").first()
        scoring.score_save(session_id=self.started_session.pk, application_id=first.application_id, value="80", by=self.examiner)

        self.evaluation_post = at_evaluation(self.unit)
        open_post = at_evaluation(self.unit)
        self.open_evaluation = evaluations.evaluation_open(post_id=open_post.pk, called=3, date=timezone.localdate(), by=self.office)
        self.inspection_post = at_inspection(self.unit, self.office)
        from competition.models import Inspector
        from tests.competition.stages import open_inspection

        for pk in INSPECTOR_IDS:
            Inspector.objects.create(pk=pk, name=f"考察员{pk}")
        self.open_inspection = open_inspection(at_inspection(self.unit, self.office), self.office)
        # An internal competition's evaluation, closed by the unit's secretary, waiting for the office's approval.
        internal = CampaignFactory(name="罗店镇内部竞岗", kind="internal", unit=self.unit)
        self.approval_post = post_in_state(Post.Status.EVALUATION, unit=self.unit, campaign=internal)
        self.approval_post.applications.update(advanced_to_evaluation=True)
        approval = evaluations.evaluation_open(post_id=self.approval_post.pk, called=1, date=timezone.localdate(),
                                               by=self.secretary)
        vote_all(approval, [["excellent"] * 3])
        evaluations.evaluation_close(evaluation_id=approval.pk, by=self.secretary)
        self.publicity_post = at_publicity(self.unit, self.office)
        published_post, self.notice = published(self.unit, self.office, self.secretary)
        self.objection = Objection.objects.create(publicity=self.notice, reference="YY-1", contact="电话", text="异议")
        self.decision_post = at_decision(self.unit, self.office, self.secretary)
        from competition.models import CommitteeMember

        for n, pk in enumerate(ROSTER_IDS):
            CommitteeMember.objects.create(
                pk=pk, unit=self.unit, name=f"委员{n}", serving_from=datetime.date(2000, 1, 1)
            )
        from competition.formalities.services import formalities_talk_record
        from tests.competition.stages import decide

        self.passed_decision = decide(at_decision(self.unit, self.office, self.secretary), self.secretary, present_agree=3)
        self.talked_decision = decide(at_decision(self.unit, self.office, self.secretary), self.secretary, present_agree=3)
        formalities_talk_record(
            decision_id=self.talked_decision.pk, talked_by="张部长", talk_on=timezone.localdate(), talk_points="要求",
            by=self.secretary,
        )  # fmt: skip
        self.workday = WorkdayOverride.objects.create(date=datetime.date(2030, 1, 1), is_working_day=True)
        # The written exam: a planned session (issue), an issued one whose exam has begun (marks, the sheet), and a
        # post still without a session (a new one).
        from tests.competition.written.conftest import make_session, post_at_written

        written_campaign = CampaignFactory(name="2005年统一竞岗", has_written_exam=True)
        self.written_session = make_session(post_at_written(written_campaign, applicants=3, unit=self.unit), self.office)
        self.issued_session = make_session(
            post_at_written(written_campaign, applicants=3, unit=self.unit), self.office, name="第二考点"
        )
        written.written_session_issue(session_id=self.issued_session.pk, by=self.office)
        post_at_written(written_campaign, applicants=3, unit=self.unit)

        from tenure.models import TermGoal
        from tenure.reappointment import reappointment_start
        from tests.tenure.conftest import TermFactory

        self.term = TermFactory(unit=self.unit)
        today = timezone.localdate()
        self.probation_term = TermFactory(
            unit=self.unit, status="probation", start=today - datetime.timedelta(days=365), probation_end=today,
            end=today + datetime.timedelta(days=1500),
        )  # fmt: skip
        self.goal = TermGoal.objects.create(term=self.term, goal="目标")
        unified = CampaignFactory(name="换届", kind="unified")
        self.reappointment = reappointment_start(campaign_id=unified.pk, term_id=TermFactory(unit=self.unit).pk, by=self.office)
        self.notification = Notification.objects.create(recipient=self.office, subject="通知")
        from django.contrib.contenttypes.models import ContentType

        self.reminder = Reminder.objects.create(
            rule="x", content_type=ContentType.objects.get_for_model(Post), object_id=self.reg_post.pk,
            recipient=self.office, due_date=datetime.date(2030, 1, 1), subject="提醒", status=Reminder.Status.FAILED,
        )
        from reports.models import ExportJob

        self.export_job = ExportJob.objects.create(kind="roster", requested_by=self.office, status=ExportJob.Status.FAILED)


# --- The check ---

def reports_invalid(response):
    if 400 <= response.status_code < 500:
        return True
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, (BaseForm, BaseFormSet)) and value.is_bound and not value.is_valid():
                return True
    return any(m.level == messages.ERROR for m in get_messages(response.wsgi_request))


FILES = st.one_of(st.binary(max_size=200), st.just(b"%PDF-1.4 x"), st.just(b"\xff\xd8\xff\xe0 jpeg"), st.just(b"PK\x03\x04"))
FILE_NAMES = st.sampled_from(["a.pdf", "a.xlsx", "a.jpg", "a.png", "..\\..\\x.exe", "文件.docx", "x" * 300])
MEDIA = tempfile.mkdtemp(prefix="fuzz-media-")


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    MEDIA_ROOT=MEDIA,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    CELERY_TASK_ALWAYS_EAGER=True,
    LANGUAGE_CODE="en",
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)
class FuzzForms(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World()

    def setUp(self):
        # Once per test, outside the examples (each rolled back): log in, and take the snapshot every example
        # starts from. Sessions are signed cookies, so the login outlives the examples' rollbacks.
        endpoint = ENDPOINT_OF_TEST[self._testMethodName]
        self.user = getattr(self.world, endpoint.persona) if endpoint.persona else None
        if self.user is not None:
            self.client.force_login(self.user)
        self.before = snapshot()

    def fuzz(self, endpoint, data):
        cache.clear()  # rate limits: every example starts from zero
        before = self.before
        if self.user is not None and self.client.session.get("_auth_user_id") != str(self.user.pk):
            self.client.force_login(self.user)  # an example logged out or changed the password
            before = snapshot()
        url = reverse(endpoint.url, args=endpoint.args(self.world))
        response = self.client.post(url, data)
        assert response.status_code < 500, (endpoint.name, response.status_code)
        if reports_invalid(response):
            assert_unchanged(before, snapshot())
        elif os.environ.get("FUZZ_REPORT"):  # FUZZ_REPORT=1 pytest -s: which inputs got through, to tune ``valid``
            print("ACCEPTED", endpoint.name, data)


def _make_test(endpoint):
    files = {name: st.one_of(st.just(""), st.builds(SimpleUploadedFile, FILE_NAMES, FILES)) for name in endpoint.files}

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=form_data(endpoint.fields, extra={k: st.just(v) for k, v in endpoint.extra.items()}, valid=endpoint.valid), files=st.fixed_dictionaries(files))
    def test(self, data, files):
        self.fuzz(endpoint, {**data, **files})

    test.__name__ = f"test_random_input_to_{endpoint.name}_is_never_a_500_nor_half_saved"
    return test


ENDPOINT_OF_TEST = {}
for _endpoint in ENDPOINTS:
    _test = _make_test(_endpoint)
    assert _test.__name__ not in ENDPOINT_OF_TEST, _test.__name__
    ENDPOINT_OF_TEST[_test.__name__] = _endpoint
    setattr(FuzzForms, _test.__name__, _test)


# --- No POST endpoint escapes ---

def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def accepts_post(view):
    """A class-based view with a post method, or a function whose source handles POST."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    source = inspect.getsource(inspect.unwrap(view))
    wrappers = inspect.getsource(view) if hasattr(view, "__wrapped__") else ""
    return any(word in source + wrappers for word in ("POST", "request.method", "require_POST", "FILES"))


def test_every_url_accepting_post_is_fuzzed_or_excluded_with_a_reason():
    escaped = []
    for name, view in _patterns():
        if name in FUZZED_NAMES or name.split(":")[0] + ":*" in NOT_FUZZED or name in NOT_FUZZED:
            continue
        if accepts_post(view):
            escaped.append(name)
    assert escaped == [], f"POST endpoints neither fuzzed nor excluded: {escaped}"


def test_every_fuzzed_endpoint_is_a_real_url():
    names = {name for name, _view in _patterns()}
    assert FUZZED_NAMES - names == set()


# --- Regressions found by the fuzzing ---

def test_marking_read_with_a_bare_word_as_next_goes_there_instead_of_failing(client, office):
    """Regression: next=“0” was read by redirect() as a URL name: NoReverseMatch, a 500."""
    notification = Notification.objects.create(recipient=office, subject="通知")
    client.force_login(office)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), {"next": "0"})
    assert response.status_code == 302
    assert response["Location"] == "0"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_overlong_username_is_refused_by_the_login_form_not_by_the_database(client, db):
    """Regression: a 3000-character username reached axes' failed-login record (varchar 255): a 500."""
    response = client.post(reverse("accounts:login"), {"username": "0" * 3000, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_examiner_id_beyond_64_bits_is_an_invalid_choice_not_an_overflow(db):
    """Regression: on SQLite, 2**63 in a multiple choice of examiners raised OverflowError in the query (a 500)."""
    from competition.interviews.forms import ExaminersForm, QuestionsForm, SessionForm

    assert not ExaminersForm({"examiners": [str(2**63)]}).is_valid()
    assert not QuestionsForm({"questions": [str(-(2**63) - 1)]}).is_valid()
    from tests.factories import CampaignFactory

    assert "posts" in SessionForm({"posts": [str(10**30)]}, campaign=CampaignFactory()).errors


def test_a_posted_row_id_beyond_64_bits_is_a_form_error_not_an_overflow():
    """Regression (found by the fuzzing above, on SQLite): a recusal naming application 2**63 reached a foreign-key
    lookup and raised OverflowError (a 500)."""
    from competition.interviews.forms import AbsentForm, CorrectionForm, RecusalForm, ScoreForm

    form = RecusalForm({"examiner": "1", "application": str(2**63), "reason": "亲属"})
    assert "application" in form.errors and "examiner" not in form.errors
    assert "slot" in AbsentForm({"slot": "0"}).errors
    assert "application" in ScoreForm({"application": str(-1)}).errors
    assert CorrectionForm({"score": str(2**63 - 1), "value": "80", "reason": "笔误"}).is_valid()
