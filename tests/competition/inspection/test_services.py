"""Inspection: candidates inspected in rank order; a pass drafts the publicity, a fail leaves the next."""

import pytest
from django.core.exceptions import PermissionDenied

from competition import workflow
from competition.decision import substitutes
from competition.inspection import services as inspections
from competition.models import Application, Inspection, Post, Publicity
from notifications.models import Notification
from tests.competition.stages import at_inspection, inspect

pytestmark = pytest.mark.django_db


def test_a_passed_inspection_sends_the_post_to_publicity_with_a_notice_awaiting_the_secretary(unit, office, secretary):
    post = at_inspection(unit, office)
    first = inspections.next_inspection_candidate(post)
    assert first.interview_rank == 1
    inspection = inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    assert inspection.application == first and inspection.report.name.endswith(".pdf")
    notice = Publicity.objects.get(post=post)
    assert notice.application == first and notice.status == Publicity.Status.AWAITING_APPROVAL
    assert Notification.objects.filter(recipient=secretary, kind="publicity_approval").exists()


def test_a_failed_candidate_is_followed_by_the_next_ranked_once_confirmed_and_then_none_is_left(unit, office):
    post = at_inspection(unit, office)
    inspect(post, office, Inspection.Conclusion.FAIL)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    failed = Application.objects.get(post=post, interview_rank=1)
    assert failed.outcome == Application.Outcome.INSPECTION_FAILED and failed.outcome_on is not None
    # The next-ranked moves up only when the office confirms him (递补).
    assert inspections.next_inspection_candidate(post) is None
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=failed.pk, reason="考察不合格", by=office)
    assert inspections.next_inspection_candidate(post).interview_rank == 2
    inspect(post, office, Inspection.Conclusion.FAIL)
    assert inspections.next_inspection_candidate(post) is None
    with pytest.raises(workflow.WorkflowError, match="No candidate is left"):
        inspect(post, office)
    workflow.post_fail(post_id=post.pk, by=office, reason="无合适人选")


def test_only_the_office_records_an_inspection(unit, office, secretary):
    post = at_inspection(unit, office)
    with pytest.raises(PermissionDenied):
        inspect(post, secretary)
    assert not Inspection.objects.exists()


def test_the_report_must_be_a_pdf_or_word_file_by_its_content_and_gets_a_generated_name():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from competition.inspection.forms import ConclusionForm

    base = {"findings": "良好", "conclusion": "pass"}
    disguised = ConclusionForm(base, {"report": SimpleUploadedFile("报告.pdf", b"<script>alert(1)</script>")})
    assert not disguised.is_valid() and "report" in disguised.errors
    real = ConclusionForm(base, {"report": SimpleUploadedFile("../../etc/报告.pdf", b"%PDF-1.4 report")})
    assert real.is_valid(), real.errors
    name = real.cleaned_data["report"].name
    assert name.endswith(".pdf") and "/" not in name and "报告" not in name and len(name) == 36
