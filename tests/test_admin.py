"""The Django admin: every model of the project's apps is registered, and each changelist renders with rows in it.

A changelist with rows renders every ``list_display`` column, so a misspelt column or a broken ``__str__`` fails
here. The ballot tables are read-only and never show a code's hash.
"""

import datetime
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from competition.models import (
    Ballot,
    BallotCode,
    BallotMark,
    Decision,
    DecisionMember,
    Evaluation,
    EvaluationCandidate,
    Inspection,
    InterviewSession,
    InterviewSlot,
    LateRegistration,
    Objection,
    Post,
    Publicity,
    QualificationReview,
    RoundEvent,
    WorkdayOverride,
    WorkHistoryEntry,
)
from notifications.models import Notification, Reminder, RuleSetting
from ops.models import Heartbeat, QueuedTask
from reports.models import ExportJob, ImportJob
from tenure.models import AnnualReview, Certificate, Exit, Reappointment, Term, TermAssessment, TermGoal
from tests.factories import ApplicationFactory, PositionFactory, RoundFactory, UserFactory, post_in_state

PROJECT_APPS = ["accounts", "competition", "tenure", "notifications", "reports", "audit", "ops"]


def project_models():
    return [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]


def test_every_model_of_the_project_has_an_admin():
    missing = [model._meta.label for model in project_models() if not admin.site.is_registered(model)]
    assert missing == []


@pytest.fixture
def superuser(db):
    # The audit log's rows are the audit administrator's to read (三员分立), in the admin too.
    return UserFactory(username="root", is_staff=True, is_superuser=True, is_audit_admin=True)


@pytest.fixture
def rows(office, secretary, candidate, unit, campaign):
    """At least one row of every model, two where a column differs by row."""
    today = timezone.localdate()
    post = post_in_state(Post.Status.EVALUATION, campaign=campaign, unit=unit)
    application = post.applications.order_by("pk").first()
    ApplicationFactory(post=post, person=candidate.person)
    QualificationReview.objects.create(application=application, qualified=True, precheck_passed=True, by=office)
    RoundEvent.objects.create(round=post.round, kind=RoundEvent.Kind.PAUSED, reason="更正", by=office,
                              old_closes=post.round.registration_closes)
    LateRegistration.objects.create(post=post, person=application.person, reason="补报", valid_until=timezone.now(),
                                    granted_by=office, used_at=timezone.now(), application=application)
    WorkHistoryEntry.objects.create(person=candidate.person, start=datetime.date(2010, 7, 1), organisation="区财政局", position="科员")
    WorkdayOverride.objects.create(date=datetime.date(2031, 1, 2), is_working_day=False, note="调休")
    session = InterviewSession.objects.create(campaign=campaign, name="第一场", date=today, venue="党校")
    session.posts.add(post)
    InterviewSlot.objects.create(session=session, application=application, order=1)
    from competition.models import (
        Examiner,
        ExaminerRelative,
        InterviewEvent,
        Question,
        Recusal,
        Score,
        ScoreCorrection,
        ScoreDimension,
        ScorePart,
    )  # fmt: skip

    examiner = Examiner.objects.create(name="孙考官", unit=unit, title="处长")
    ExaminerRelative.objects.create(examiner=examiner, person=candidate.person, kind=ExaminerRelative.Kind.SPOUSE)
    Question.objects.create(category="综合分析", text="谈谈基层治理。")
    Recusal.objects.create(session=session, examiner=examiner, application=application, reason="同单位", by=office)
    dimension = ScoreDimension.objects.create(session=session, name="综合分析", weight=100)
    score = Score.objects.create(session=session, examiner=examiner, application=application, value=85)
    ScorePart.objects.create(score=score, dimension=dimension, value=85)
    ScoreCorrection.objects.create(score=score, old_value=80, new_value=85, reason="录入错误", by=office)
    InterviewEvent.objects.create(session=session, kind="created", detail="第一场", by=office)
    from competition.models import (
        AdmissionTicket,
        WrittenExamEvent,
        WrittenExamRoom,
        WrittenExamSession,
        WrittenMarkCorrection,
    )  # fmt: skip

    sitting = WrittenExamSession.objects.create(
        campaign=campaign, name="笔试", starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2),
        venue="党校", rules="带准考证", status="issued",
    )  # fmt: skip
    sitting.posts.add(post)
    room = WrittenExamRoom.objects.create(session=sitting, name="第一考场", seats=30)
    ticket = AdmissionTicket.objects.create(session=sitting, application=application, room=room, seat=1, number="202600010101", mark=72)
    AdmissionTicket.objects.create(session=sitting, application=ApplicationFactory(post=post), room=room, seat=2, number="202600010102", absent=True)
    WrittenMarkCorrection.objects.create(ticket=ticket, old_mark=70, new_mark=72, reason="复核", by=office)
    WrittenExamEvent.objects.create(session=sitting, kind="created", detail="笔试", by=office)

    evaluation = Evaluation.objects.create(
        post=post, called=30, salt="s" * 32, codes_issued=30, created_by=office, status=Evaluation.Status.CLOSED
    )
    evaluation_candidate = EvaluationCandidate.objects.create(evaluation=evaluation, application=application, order=1)
    BallotCode.objects.create(evaluation=evaluation, code_hash="f" * 64, used=True)
    BallotCode.objects.create(evaluation=evaluation, code_hash="e" * 64)
    ballot = Ballot.objects.create(id=uuid.uuid4(), evaluation=evaluation)
    BallotMark.objects.create(ballot=ballot, candidate=evaluation_candidate, rating="excellent")

    from competition.models import FileReviewItem, InspectionNotice, InspectionTeamMember, Inspector, InspectorRelative

    notice = InspectionNotice.objects.create(
        post=post, start_date=today, end_date=today, contact="电话：12380", published_on=today, published_by=office,
        particulars=[{"name": "张三", "unit": "罗店镇", "position": "副主任", "post_unit": "罗店镇", "post_title": "主任"}],
    )  # fmt: skip
    inspection = Inspection.objects.create(
        post=post, application=application, notice=notice, start_date=today, end_date=today,
        people_talked_to=12, findings="良好", conclusion="pass", report="inspections/report.pdf", recorded_by=office,
    )  # fmt: skip
    inspector = Inspector.objects.create(name="考察员甲", unit=unit, title="科长")
    InspectorRelative.objects.create(inspector=inspector, person=candidate.person, kind="spouse")
    InspectionTeamMember.objects.create(inspection=inspection, inspector=inspector, recused=True, recusal_reason="同单位")
    FileReviewItem.objects.create(inspection=inspection, item="birth_date", result="discrepancy", note="以档案为准")
    publicity = Publicity.objects.create(
        post=post, application=application, status=Publicity.Status.PUBLISHED, contact="电话", working_days=5,
        start_date=today, end_date=today + datetime.timedelta(days=7), approved_by=secretary,
    )  # fmt: skip
    Publicity.objects.create(post=post, application=ApplicationFactory(post=post), contact="电话", working_days=5)
    Objection.objects.create(publicity=publicity, reference="YY20250101-ABC", contact="13800000000", text="异议")
    decision = Decision.objects.create(
        post=post, application=application, meeting_date=today, members_total=3, present=3, agree=3,
        result=Decision.Result.PASSED, place_no=1, places=1, recorded_by=secretary,
    )  # fmt: skip
    DecisionMember.objects.create(decision=decision, name="甲", attended=True, vote="agree")
    from competition.models import CommitteeMember, CommitteeMemberRelative

    seat = CommitteeMember.objects.create(unit=unit, name="乙", role="member", serving_from=today, person=candidate.person)
    CommitteeMemberRelative.objects.create(member=seat, person=candidate.person, kind="spouse")
    DecisionMember.objects.create(
        decision=decision, member=seat, name="乙", attended=False, vote="", recused=True, recusal_reason="本人"
    )  # fmt: skip
    from competition.models import Formalities

    Formalities.objects.create(
        decision=decision, talk_on=today, talked_by="张部长", talk_points="要求", document_no="罗委〔2026〕1号",
        document_date=today, effective_on=today, completed_at=timezone.now(), completed_by=office,
    )  # fmt: skip
    from competition.models import DocumentTemplate, FamilyMember, IssuerSettings, Substitution

    Substitution.objects.create(
        post=post, replaced=application, substitute=ApplicationFactory(post=post), reason="考察不合格",
        number=1, limit=2, confirmed_by=office,
    )  # fmt: skip
    FamilyMember.objects.create(person=candidate.person, relation="配偶", name="王芳")
    from competition.models import Appeal

    Appeal.objects.create(application=application, reason="年限计算有误", filed_by=candidate)
    from competition.models import ExceptionRequest, Material, MaterialRequirement

    work_plan = MaterialRequirement.objects.create(
        campaign=campaign, kind="work_plan", title="工作设想", deadline=timezone.now(), allowed_types=["pdf"], max_mb=5
    )
    Material.objects.create(
        application=application, requirement=work_plan, file="materials/x.pdf", original_name="工作设想.pdf",
        file_kind="pdf", size=100, uploaded_at=timezone.now(), uploaded_by=candidate,
    )

    ExceptionRequest.objects.create(application=application, requirement="age", reason="业绩突出", evidence_name="奖状.pdf")
    Appeal.objects.create(
        application=application, reason="再次申请", filed_by=candidate, status="dismissed", decision_reason="不符合",
        decided_by=office, decided_at=timezone.now(),
    )  # fmt: skip
    IssuerSettings.current().save()
    DocumentTemplate.objects.create(kind="approval_form", content=b"PK", original_name="任免审批表.docx", uploaded_by=office)

    term = Term.objects.create(
        person=candidate.person, position=PositionFactory(unit=unit), unit=unit, post=post, origin=Term.Origin.IMPORT,
        start=datetime.date(2021, 1, 1), end=datetime.date(2025, 12, 31),
    )  # fmt: skip
    Certificate.objects.create(term=term, unit=unit, year=2021, number=1, issued_on=today, issued_by=office)
    TermGoal.objects.create(term=term, goal="完成三项重点工作")
    AnnualReview.objects.create(term=term, year=2022, rating="excellent")
    TermAssessment.objects.create(term=term, rating="competent", assessed_on=today, recorded_by=office)
    from tenure.models import ProbationAssessment

    ProbationAssessment.objects.create(term=term, assessed_on=today, result="confirmed", recorded_by=office)
    Exit.objects.create(term=term, talk_on=today, arrangement="undecided")
    Reappointment.objects.create(campaign=campaign, unit=unit, previous_term=term)

    Notification.objects.create(recipient=secretary, subject="公示待审核", kind="publicity_approval")
    Reminder.objects.create(
        rule="publicity_ending", content_type=ContentType.objects.get_for_model(Publicity), object_id=publicity.pk,
        recipient=office, due_date=today, subject="公示即将结束",
    )  # fmt: skip
    RuleSetting.objects.create(rule="publicity_ending", lead_days=2)
    ExportJob.objects.create(kind="roster", campaign=campaign, unit=unit, requested_by=office)
    ImportJob.objects.create(requested_by=office, name="档案.xlsx", status="done", summary={"units": 2})
    AuditEvent.objects.create(kind="personal_data_export", actor=office, username="office", path="/reports/")
    Heartbeat.objects.create(name="worker", at=timezone.now())
    QueuedTask.objects.create(name="reports.tasks.run_export", args=[1], not_before=timezone.now())
    RoundFactory(campaign=campaign)


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_changelist_renders_its_rows_for_a_superuser(client, superuser, rows):
    client.force_login(superuser)
    empty = []
    for model in project_models():
        if not model._default_manager.exists():
            empty.append(model._meta.label)
            continue
        response = client.get(changelist_url(model))
        assert response.status_code == 200, model._meta.label
        # Each row's change link (or, for a read-only model, its row) is on the page.
        assert response.context["cl"].result_count >= 1, model._meta.label
    # A model added later needs a row in the ``rows`` fixture, so that its columns are rendered too.
    assert empty == []


def test_every_change_page_renders_for_a_superuser(client, superuser, rows):
    client.force_login(superuser)
    for model in project_models():
        obj = model._default_manager.first()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, model._meta.label


@pytest.mark.parametrize("model", [Ballot, BallotMark, BallotCode])
def test_the_ballot_tables_are_read_only(rf, superuser, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_admin_never_shows_a_ballot_codes_hash(client, superuser, rows):
    client.force_login(superuser)
    code = BallotCode.objects.get(used=True)

    pages = [
        client.get(changelist_url(BallotCode)),
        client.get(reverse("admin:competition_ballotcode_change", args=[code.pk])),
        client.get(reverse("admin:competition_evaluation_change", args=[code.evaluation_id])),
    ]

    for page in pages:
        assert page.status_code == 200
        assert b"f" * 64 not in page.content and b"e" * 64 not in page.content
        assert b"s" * 32 not in page.content  # nor the evaluation's salt
    assert client.post(reverse("admin:competition_ballotcode_delete", args=[code.pk])).status_code == 403
    assert BallotCode.objects.filter(pk=code.pk).exists()


@pytest.mark.parametrize(
    "model, fields",
    [
        (Post, {"status"}),
        (Term, {"status"}),
        (Reappointment, {"status"}),
        (Evaluation, {"status", "codes_issued", "paper_ballots"}),
        (Publicity, {"status", "start_date", "end_date"}),
        (Objection, {"result"}),
        (Decision, {"result"}),
        (Inspection, {"conclusion"}),
        (Reminder, {"status"}),
        (ExportJob, {"status"}),
        (ImportJob, {"status", "phase", "summary", "issues"}),
    ],
)
def test_workflow_state_fields_are_read_only(rf, superuser, model, fields):
    request = rf.get("/")
    request.user = superuser
    assert fields <= set(admin.site._registry[model].get_readonly_fields(request))


def test_a_publicitys_status_and_approved_text_cannot_be_changed_in_the_admin(client, superuser, rows):
    client.force_login(superuser)
    publicity = Publicity.objects.get(status=Publicity.Status.PUBLISHED)
    url = reverse("admin:competition_publicity_change", args=[publicity.pk])

    response = client.post(url, {"status": "ended", "contact": "新电话", "note": "", "objections-TOTAL_FORMS": "1",
                                 "objections-INITIAL_FORMS": "1", "objections-MIN_NUM_FORMS": "0",
                                 "objections-MAX_NUM_FORMS": "1000",
                                 "objections-0-id": str(publicity.objections.get().pk),
                                 "objections-0-publicity": str(publicity.pk)})  # fmt: skip

    assert response.status_code == 403
    publicity.refresh_from_db()
    assert publicity.contact == "电话"
    assert publicity.status == Publicity.Status.PUBLISHED


def _admin_post(client, model, obj, data):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    return client.post(url, data)


def test_a_superuser_cannot_change_results_through_the_admin(client, superuser, rows):
    """Issue 14, point 6: scores, ranks and advancement, ballots and tallies, conclusions, votes, objections and
    term dates stay as the services recorded them, whatever a superuser posts to the admin's change forms."""
    from competition.models import Application, Score

    client.force_login(superuser)
    score = Score.objects.get()
    assert _admin_post(client, Score, score, {"value": "12"}).status_code == 403
    slot = InterviewSlot.objects.get()
    assert _admin_post(client, InterviewSlot, slot, {"session": slot.session_id, "application": slot.application_id,
                                                     "written_score": "99", "absent": "on"}).status_code == 403  # fmt: skip
    evaluation = Evaluation.objects.get()
    assert _admin_post(client, Evaluation, evaluation, {"called": "1", "date": "2020-01-01"}).status_code == 403
    candidate = EvaluationCandidate.objects.get()
    assert _admin_post(client, EvaluationCandidate, candidate, {"paper_excellent": "50"}).status_code == 403
    mark = BallotMark.objects.get()
    assert _admin_post(client, BallotMark, mark, {"rating": "incompetent"}).status_code == 403
    inspection = Inspection.objects.get()
    assert _admin_post(client, Inspection, inspection, {"conclusion": "fail", "people_talked_to": "1"}).status_code == 403
    objection = Objection.objects.get()
    assert _admin_post(client, Objection, objection, {"text": "改", "investigation": "改"}).status_code == 403
    member = DecisionMember.objects.get(name="甲")
    assert _admin_post(client, DecisionMember, member, {"vote": "disagree"}).status_code == 403

    application = Application.objects.filter(evaluation_entries__isnull=False).get()
    application.final_score, application.interview_rank, application.advanced_to_evaluation = 80, 1, True
    application.save()
    response = client.get(reverse("admin:competition_application_change", args=[application.pk]))
    form = response.context["adminform"].form
    data = {name: "" if form.initial.get(name) is None else form.initial[name] for name in form.fields}
    data.update({"final_score": "99", "interview_rank": "7", "advanced_to_evaluation": ""})
    assert _admin_post(client, Application, application, data).status_code == 302  # saved, the results untouched
    term = Term.objects.get()
    response = client.get(reverse("admin:tenure_term_change", args=[term.pk]))
    form = response.context["adminform"].form
    data = {name: "" if form.initial.get(name) is None else form.initial[name] for name in form.fields}
    data.update({"start": "2000-01-01", "end": "2099-12-31"})
    assert _admin_post(client, Term, term, data).status_code == 302

    score.refresh_from_db(), slot.refresh_from_db(), evaluation.refresh_from_db(), candidate.refresh_from_db()
    mark.refresh_from_db(), inspection.refresh_from_db(), objection.refresh_from_db(), member.refresh_from_db()
    application.refresh_from_db(), term.refresh_from_db()
    assert score.value == 85 and slot.written_score is None and not slot.absent
    assert evaluation.called == 30 and candidate.paper_excellent == 0 and mark.rating == "excellent"
    assert inspection.conclusion == "pass" and objection.text == "异议" and member.vote == "agree"
    assert (application.final_score, application.interview_rank, application.advanced_to_evaluation) == (80, 1, True)
    assert (term.start, term.end) == (datetime.date(2021, 1, 1), datetime.date(2025, 12, 31))


def test_the_admin_shows_no_ballot_marks_while_the_vote_is_open(client, superuser, rows):
    client.force_login(superuser)
    assert client.get(changelist_url(BallotMark)).context["cl"].result_count == 1
    Evaluation.objects.update(status=Evaluation.Status.OPEN)
    assert client.get(changelist_url(BallotMark)).context["cl"].result_count == 0


def test_the_admin_never_shows_who_objected(client, superuser, rows):
    client.force_login(superuser)
    objection = Objection.objects.get()
    pages = [client.get(changelist_url(Objection)), client.get(reverse("admin:competition_objection_change", args=[objection.pk]))]
    for page in pages:
        assert page.status_code == 200 and "13800000000" not in page.content.decode()
