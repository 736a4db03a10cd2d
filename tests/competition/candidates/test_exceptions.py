"""Exceptions (破格, issue 18.3): a candidate who misses a requirement asks with a reason and evidence; one office
member decides with a reason and a second, different one confirms (a database check); an approved exception lets
the pre-check pass for that requirement; the statistics count it."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from competition.candidates import files, services
from competition.models import Application, ExceptionRequest
from competition.registration import services as registration
from notifications.models import Notification
from reports.statistics import campaign_statistics
from tests.factories import ApplicationFactory, OfficeUserFactory, post_in_state

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png():
    stream = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 200, 10)).save(stream, format="PNG")
    return stream.getvalue()


@pytest.fixture
def second_office(db):
    return OfficeUserFactory(username="office2")


@pytest.fixture
def short_of_years(candidate, person, reg_post):
    """The candidate's application, short of the post's years in rank (the pre-check fails on that alone)."""
    reg_post.min_leadership_level, reg_post.min_grade = person.leadership_level, ""
    reg_post.min_years_in_rank = 30
    reg_post.save()
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert [f["item"] for f in application.precheck_failures] == ["years_in_rank"]
    return application


def ask(application, by, evidence=None, requirement="years_in_rank"):
    return services.exception_request(
        application_id=application.pk, requirement=requirement, reason="基层工作业绩突出", evidence=evidence, by=by
    )


def test_the_candidate_asks_with_evidence_stored_under_a_generated_name(office, candidate, short_of_years):
    exception = ask(short_of_years, candidate, SimpleUploadedFile("../../奖状.pdf", PDF, content_type="text/html"))
    assert exception.status == "requested" and exception.evidence_name == "奖状.pdf"
    stored = exception.evidence.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf") and "奖状" not in stored and len(stored) == 36
    assert Notification.objects.filter(recipient=office, kind="exception").exists()
    assert AuditEvent.objects.filter(kind="exception", detail__what="requested").exists()


@pytest.mark.parametrize(
    "name, content",
    [("x.pdf", b"<script>alert(1)</script>"), ("x.png", b"\x89PNG\r\n\x1a\nbroken"), ("x.pdf", b"%PDF-1.4 cut short"),
     ("x.docx", b"PK\x03\x04 not a zip")],
)
def test_evidence_is_judged_by_its_content(candidate, short_of_years, name, content):
    with pytest.raises(files.FileRefused):
        ask(short_of_years, candidate, SimpleUploadedFile(name, content))
    assert not ExceptionRequest.objects.exists()


def test_an_image_is_stored_re_encoded(candidate, short_of_years):
    exception = ask(short_of_years, candidate, SimpleUploadedFile("photo.jpg", png()))
    assert exception.evidence.name.endswith(".png")
    with exception.evidence.open("rb") as stored:
        assert Image.open(stored).format == "PNG"


def test_an_exception_only_for_a_requirement_the_pre_check_found_unmet(candidate, other_candidate, short_of_years):
    with pytest.raises(services.CandidateFileError, match="pre-check found unmet"):
        ask(short_of_years, candidate, requirement="education")
    with pytest.raises(PermissionDenied):
        ask(short_of_years, other_candidate)
    ask(short_of_years, candidate)
    with pytest.raises(services.CandidateFileError):
        ask(short_of_years, candidate)


def test_two_office_members_decide_and_the_approved_exception_passes_the_pre_check(
    office, second_office, candidate, short_of_years
):
    exception = ask(short_of_years, candidate)
    with pytest.raises(services.CandidateFileError, match="reason"):
        services.exception_decide(exception_id=exception.pk, approve=True, reason="", by=office)
    services.exception_decide(exception_id=exception.pk, approve=True, reason="业绩突出，符合破格条件", by=office)
    short_of_years.refresh_from_db()
    assert short_of_years.precheck_passed is False  # not before the second member confirms
    with pytest.raises(services.CandidateFileError, match="second office member"):
        services.exception_confirm(exception_id=exception.pk, by=office)
    services.exception_confirm(exception_id=exception.pk, by=second_office)
    exception.refresh_from_db()
    short_of_years.refresh_from_db()
    assert (exception.status, exception.decided_by, exception.confirmed_by) == ("approved", office, second_office)
    assert short_of_years.precheck_passed is True
    assert short_of_years.precheck_failures[0]["waived"] is True
    assert Notification.objects.filter(recipient=candidate, kind="exception", subject__contains="approved").exists()
    # The office confirms the pre-check now without overriding it.
    registration.application_review(application_id=short_of_years.pk, by=office, qualified=True)


def test_the_pre_check_keeps_the_waiver_when_the_application_is_edited(office, second_office, candidate, short_of_years):
    exception = ask(short_of_years, candidate)
    services.exception_decide(exception_id=exception.pk, approve=True, reason="同意", by=office)
    services.exception_confirm(exception_id=exception.pk, by=second_office)
    application = registration.application_update(application_id=short_of_years.pk, by=candidate, statement="新")
    assert application.precheck_passed is True


def test_a_refused_exception_leaves_the_pre_check_failing(office, second_office, candidate, short_of_years):
    exception = ask(short_of_years, candidate)
    services.exception_decide(exception_id=exception.pk, approve=False, reason="不符合破格条件", by=office)
    services.exception_confirm(exception_id=exception.pk, by=second_office)
    short_of_years.refresh_from_db()
    assert short_of_years.precheck_passed is False
    assert Notification.objects.filter(recipient=candidate, kind="exception", subject__contains="refused").exists()


def test_a_refusal_at_review_is_opened_again_by_an_approved_exception(office, second_office, candidate, short_of_years):
    registration.application_review(application_id=short_of_years.pk, by=office, qualified=False)
    exception = ask(short_of_years, candidate)
    services.exception_decide(exception_id=exception.pk, approve=True, reason="同意", by=office)
    services.exception_confirm(exception_id=exception.pk, by=second_office)
    short_of_years.refresh_from_db()
    assert short_of_years.status == Application.Status.SUBMITTED


def test_the_database_wants_two_different_people(office, candidate, short_of_years):
    exception = ask(short_of_years, candidate)
    services.exception_decide(exception_id=exception.pk, approve=True, reason="同意", by=office)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExceptionRequest.objects.filter(pk=exception.pk).update(
            status="approved", confirmed_by=office, confirmed_at=timezone.now()
        )


def test_the_database_wants_the_decision_before_the_outcome(second_office, candidate, short_of_years):
    exception = ask(short_of_years, candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExceptionRequest.objects.filter(pk=exception.pk).update(
            status="approved", approve=True, confirmed_by=second_office, confirmed_at=timezone.now()
        )


def test_only_the_office_decides_and_confirms(candidate, office, short_of_years):
    exception = ask(short_of_years, candidate)
    with pytest.raises(PermissionDenied):
        services.exception_decide(exception_id=exception.pk, approve=True, reason="x", by=candidate)
    with pytest.raises(PermissionDenied):
        services.exception_confirm(exception_id=exception.pk, by=candidate)


def test_the_statistics_count_exceptions_and_an_exceptional_promotion(unit, campaign, office):
    post = post_in_state("registration", unit=unit, campaign=campaign, max_age=None)
    deputy = ApplicationFactory(post=post, outcome="appointed", applicant_leadership_level="deputy_section")
    deputy.outcome_on = timezone.localdate()
    deputy.save()
    before = campaign_statistics(campaign)["appointees"]
    second = OfficeUserFactory(username="second")
    ExceptionRequest.objects.create(
        application=deputy, requirement="years_in_rank", reason="业绩突出", status="approved", approve=True,
        decision_reason="同意", decided_by=office, decided_at=timezone.now(), confirmed_by=second,
        confirmed_at=timezone.now(),
    )
    ExceptionRequest.objects.create(application=ApplicationFactory(post=post), requirement="age", reason="特殊需要")
    stats = campaign_statistics(campaign)
    assert stats["exceptions"] == {"requested": 2, "approved": 1}
    after = stats["appointees"]
    assert after["exceptional_promotions"] == before["exceptional_promotions"] + 1
    assert after["promoted_from_deputy"] == before["promoted_from_deputy"] - 1
    assert after["promoted"] == before["promoted"]


# --- Views ---


def test_the_candidate_asks_from_his_application_page(client, candidate, other_candidate, short_of_years):
    url = reverse("candidates:exception_request", args=[short_of_years.pk])
    data = {"requirement": "years_in_rank", "reason": "业绩突出", "evidence": SimpleUploadedFile("a.pdf", PDF)}
    assert "login" in client.post(url, data)["Location"]
    client.force_login(other_candidate)
    assert client.post(url, {"requirement": "years_in_rank", "reason": "x"}).status_code == 404
    client.force_login(candidate)
    page = client.get(reverse("registration:application_edit", args=[short_of_years.pk])).content.decode()
    assert url in page
    response = client.post(url, {"requirement": "years_in_rank", "reason": "业绩", "evidence": SimpleUploadedFile("a.pdf", b"MZ")}, follow=True)
    assert "Only these kinds of file" in response.content.decode()
    client.post(url, {**data, "evidence": SimpleUploadedFile("奖状.pdf", PDF)})
    exception = ExceptionRequest.objects.get()
    evidence_url = reverse("candidates:exception_evidence", args=[exception.pk])
    response = client.get(evidence_url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(kind="personal_data_download", detail__download="exception evidence").exists()
    client.force_login(other_candidate)
    assert client.get(evidence_url).status_code == 404


def test_the_office_decides_and_a_second_member_confirms_on_the_post_page(
    client, office, second_office, secretary, candidate, short_of_years
):
    exception = ask(short_of_years, candidate)
    decide = reverse("candidates:exception_decide", args=[exception.pk])
    confirm = reverse("candidates:exception_confirm", args=[exception.pk])
    for user in (candidate, secretary):
        client.force_login(user)
        assert client.post(decide, {"decision": "approve", "reason": "同意"}).status_code == 403
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[short_of_years.post_id])).content.decode()
    assert decide in page
    client.post(decide, {"decision": "approve", "reason": "同意"})
    page = client.get(reverse("competition:post_detail", args=[short_of_years.post_id])).content.decode()
    assert confirm not in page  # not offered to the one who decided
    response = client.post(confirm, follow=True)
    assert "second office member" in response.content.decode()
    client.force_login(second_office)
    client.post(confirm)
    exception.refresh_from_db()
    assert exception.status == "approved"
