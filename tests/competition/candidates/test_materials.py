"""Candidates' materials (issue 18.1): required per campaign (or per post), handed in and replaced until the
deadline, checked by content, stored under generated names, served as attachments to the candidate, the office and
the examiners of his session only (audited); a reminder before the deadline; a missing one is a qualification issue."""

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from competition.candidates import files, materials, services
from competition.candidates.reminders import materials_due
from competition.models import Examiner, InterviewSession, InterviewSlot, Material, MaterialRequirement
from competition.registration import services as registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def requirement(campaign, post=None, **fields):
    values = {
        "kind": "work_plan", "title": "工作设想", "required": True,
        "deadline": timezone.now() + datetime.timedelta(days=3), "allowed_types": ["pdf", "docx"], "max_mb": 1,
    }
    values.update(fields)
    return MaterialRequirement.objects.create(campaign=campaign, post=post, **values)


@pytest.fixture
def application(candidate, person, reg_post):
    return registration.application_submit(post_id=reg_post.pk, by=candidate)


@pytest.fixture
def work_plan(reg_post):
    return requirement(reg_post.campaign)


def upload(application, requirement, by, content=PDF, name="我的工作设想.pdf"):
    return services.material_upload(
        application_id=application.pk, requirement_id=requirement.pk, upload=SimpleUploadedFile(name, content), by=by
    )


def test_a_posts_own_requirement_replaces_the_campaigns_of_its_kind(reg_post, second_post):
    campaign_wide = requirement(reg_post.campaign)
    slides = requirement(reg_post.campaign, kind="slides", title="演讲课件", allowed_types=["pptx", "pdf"])
    own = requirement(reg_post.campaign, post=reg_post, title="本职位工作设想", max_mb=5)
    assert set(materials.requirements_for(reg_post)) == {own, slides}
    assert set(materials.requirements_for(second_post)) == {campaign_wide, slides}


def test_the_candidate_uploads_under_a_generated_name_and_replaces_until_the_deadline(
    candidate, application, work_plan, django_capture_on_commit_callbacks
):
    first = upload(application, work_plan, candidate)
    stored = first.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf") and "工作设想" not in stored and first.original_name == "我的工作设想.pdf"
    old_path = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        second = upload(application, work_plan, candidate, name="修改稿.pdf")
    assert Material.objects.get().pk == first.pk and second.original_name == "修改稿.pdf"
    assert not os.path.exists(old_path)
    MaterialRequirement.objects.filter(pk=work_plan.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(services.CandidateFileError, match="deadline"):
        upload(application, work_plan, candidate)


@pytest.mark.parametrize(
    "name, content, message",
    [("a.pdf", b"MZ\x90\x00 an executable", "Only these kinds"), ("a.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "Only these kinds"),
     ("a.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024 + 10) + b"%%EOF", "larger than")],
)
def test_a_material_is_judged_by_its_content_and_size(candidate, application, work_plan, name, content, message):
    with pytest.raises(files.FileRefused, match=message):
        upload(application, work_plan, candidate, content=content, name=name)
    assert not Material.objects.exists()


def test_only_the_candidate_uploads_to_his_application(other_candidate, candidate, application, work_plan):
    with pytest.raises(PermissionDenied):
        upload(application, work_plan, other_candidate)
    registration.application_withdraw(application_id=application.pk, by=candidate, reason="个人原因")
    with pytest.raises(services.CandidateFileError, match="withdrawn"):
        upload(application, work_plan, candidate)


def test_a_requirement_of_another_post_is_refused(candidate, application, second_post):
    elsewhere = requirement(second_post.campaign, post=second_post, kind="slides", title="课件")
    with pytest.raises(services.CandidateFileError, match="not asked"):
        upload(application, elsewhere, candidate)


def test_a_missing_required_material_is_a_qualification_issue_on_the_review_page(client, office, candidate, application, work_plan):
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[application.post_id])).content.decode()
    assert "Required material missing: 工作设想" in page
    upload(application, work_plan, candidate)
    page = client.get(reverse("competition:post_detail", args=[application.post_id])).content.decode()
    assert "Required material missing" not in page


def test_a_reminder_before_the_deadline_for_a_missing_required_material(candidate, application, work_plan, reg_post):
    today = timezone.localdate()
    due = list(materials_due(today, 10))
    assert [(d.obj, d.recipient) for d in due] == [(application, candidate)]
    assert reverse("candidates:materials", args=[application.pk]) == due[0].url
    upload(application, work_plan, candidate)
    assert list(materials_due(today, 10)) == []


# --- Views ---


def test_the_materials_page_anonymous_other_candidate_and_the_candidate(client, candidate, other_candidate, application, work_plan):
    url = reverse("candidates:materials", args=[application.pk])
    assert "login" in client.get(url)["Location"]
    client.force_login(other_candidate)
    assert client.get(url).status_code == 404
    client.force_login(candidate)
    assert "工作设想" in client.get(url).content.decode()
    response = client.post(url, {"requirement": work_plan.pk, "file": SimpleUploadedFile("x.pdf", b"<html>")}, follow=True)
    assert "Only these kinds" in response.content.decode()
    client.post(url, {"requirement": work_plan.pk, "file": SimpleUploadedFile("x.pdf", PDF)})
    assert Material.objects.filter(application=application).count() == 1


def test_the_material_is_served_as_an_attachment_only_to_those_allowed(client, office, candidate, other_candidate, application, work_plan):
    material = upload(application, work_plan, candidate)
    url = reverse("candidates:material_download", args=[material.pk])
    session = InterviewSession.objects.create(campaign=application.post.campaign, name="第一场")
    InterviewSlot.objects.create(session=session, application=application, order=1)
    examiner = Examiner.objects.create(name="考官甲", user=UserFactory(username="examiner_in"))
    session.examiners.add(examiner)
    stranger = Examiner.objects.create(name="考官乙", user=UserFactory(username="examiner_out"))
    InterviewSession.objects.create(campaign=application.post.campaign, name="第二场").examiners.add(stranger)
    assert "login" in client.get(url)["Location"]
    for user in (other_candidate, stranger.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    for user in (candidate, office, examiner.user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(kind="personal_data_download", detail__download="candidate material").count() == 3


def test_examiners_see_the_materials_on_their_session_page(client, candidate, application, work_plan):
    material = upload(application, work_plan, candidate)
    # Started: the candidates' names (and so their materials) are shown to examiners from the start on.
    session = InterviewSession.objects.create(campaign=application.post.campaign, name="第一场", status="started")
    InterviewSlot.objects.create(session=session, application=application, order=1)
    examiner = Examiner.objects.create(name="考官甲", user=UserFactory(username="examiner_in"))
    session.examiners.add(examiner)
    client.force_login(examiner.user)
    page = client.get(reverse("interviews:examiner_score", args=[session.pk])).content.decode()
    assert reverse("candidates:material_download", args=[material.pk]) in page


def test_the_office_asks_for_materials_on_the_campaign(client, office, secretary, campaign, reg_post):
    url = reverse("candidates:requirements", args=[campaign.pk])
    data = {"kind": "slides", "title": "演讲课件", "required": "on", "deadline": "2030-01-10T17:00",
            "allowed_types": ["pptx", "pdf"], "max_mb": "20", "post": ""}
    client.force_login(secretary)
    assert client.post(url, data).status_code == 403
    client.force_login(office)
    client.post(url, data)
    requirement_ = MaterialRequirement.objects.get(campaign=campaign)
    assert (requirement_.kind, requirement_.allowed_types, requirement_.max_mb, requirement_.post) == ("slides", ["pptx", "pdf"], 20, None)
    response = client.post(url, data, follow=True)
    assert "already asked" in response.content.decode()
    client.post(reverse("candidates:requirement_delete", args=[requirement_.pk]))
    assert not MaterialRequirement.objects.exists()


def test_the_candidates_home_lists_the_required_materials_still_to_hand_in(client, candidate, application, work_plan):
    """Issue 20.1: the candidate's work queue names the materials due, until they are handed in."""
    from competition import workqueue

    requirement(work_plan.campaign, kind="slides", title="演讲稿", required=False)  # optional: not a task
    tasks = {task.label: task for task in workqueue.work_for(candidate)}
    due = tasks["Materials to hand in"]
    assert due.count == 1 and due.since == work_plan.deadline
    assert due.url == reverse("candidates:materials", args=[application.pk])
    client.force_login(candidate)
    page = client.get("/").content.decode()
    assert page.index('data-testid="task"') < page.index('data-testid="application-step"')
    upload(application, work_plan, candidate)
    assert "Materials to hand in" not in {task.label for task in workqueue.work_for(candidate)}
