"""Review on appeal (复核, issue 18.4): a candidate refused at the qualification review asks for a review within the
campaign's working days; the office upholds (qualified through the review itself) or dismisses, with a reason;
both are told and the appeal keeps both sides."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from competition.candidates import services
from competition.models import Appeal, Application, Campaign, QualificationReview
from competition.registration import services as registration
from competition.workdays import working_days_ahead
from notifications.models import Notification
from tests.competition.registration.conftest import close_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(office, candidate, person, reg_post):
    """The candidate's application, found not qualified by the office today."""
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_review(application_id=application.pk, by=office, qualified=False, reason="任职年限不足")
    application.refresh_from_db()
    return application


def test_a_campaign_gives_three_working_days_to_appeal_unless_it_says_otherwise(campaign):
    assert Campaign._meta.get_field("appeal_working_days").default == 3
    assert campaign.appeal_working_days == 3


def test_the_refused_candidate_appeals_and_the_office_is_told(office, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="我的任职年限计算有误", by=candidate)
    assert appeal.status == Appeal.Status.OPEN and appeal.filed_by == candidate
    assert Notification.objects.filter(recipient=office, kind="appeal").exists()
    assert AuditEvent.objects.filter(kind="appeal", actor=candidate, detail__what="filed").exists()


def test_an_upheld_appeal_qualifies_through_the_review_and_keeps_both_reasons(office, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="年限计算有误", by=candidate)
    services.appeal_decide(appeal_id=appeal.pk, uphold=True, reason="经核档案，年限满足", by=office)
    refused.refresh_from_db()
    appeal.refresh_from_db()
    assert refused.status == Application.Status.QUALIFIED
    last_review = QualificationReview.objects.filter(application=refused).latest("at")
    assert last_review.qualified and "经核档案，年限满足" in last_review.reason and last_review.by == office
    assert (appeal.status, appeal.reason, appeal.decision_reason, appeal.decided_by) == (
        "upheld", "年限计算有误", "经核档案，年限满足", office,
    )
    assert Notification.objects.filter(recipient=candidate, kind="appeal", subject__contains="upheld").exists()
    assert AuditEvent.objects.filter(kind="appeal", actor=office, detail__what="upheld").exists()


def test_a_dismissed_appeal_leaves_the_refusal_and_tells_the_candidate(office, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="年限计算有误", by=candidate)
    services.appeal_decide(appeal_id=appeal.pk, uphold=False, reason="档案显示年限不足", by=office)
    refused.refresh_from_db()
    assert refused.status == Application.Status.UNQUALIFIED
    assert Notification.objects.filter(recipient=candidate, kind="appeal", subject__contains="dismissed").exists()
    with pytest.raises(services.CandidateFileError, match="already asked"):
        services.appeal_file(application_id=refused.pk, reason="再次申请", by=candidate)


def test_the_office_decides_with_a_reason_and_only_once(office, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="年限计算有误", by=candidate)
    with pytest.raises(services.CandidateFileError, match="reason"):
        services.appeal_decide(appeal_id=appeal.pk, uphold=False, reason=" ", by=office)
    with pytest.raises(PermissionDenied):
        services.appeal_decide(appeal_id=appeal.pk, uphold=True, reason="x", by=candidate)
    services.appeal_decide(appeal_id=appeal.pk, uphold=False, reason="不符合", by=office)
    with pytest.raises(services.CandidateFileError, match="already been decided"):
        services.appeal_decide(appeal_id=appeal.pk, uphold=True, reason="改判", by=office)


def test_the_appeal_is_refused_after_the_campaigns_working_days(candidate, refused):
    deadline = working_days_ahead(timezone.localdate(refused.reviewed_at), 3)
    assert services.appeal_deadline(refused) == deadline
    noon = datetime.time(12, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(datetime.datetime.combine(deadline + datetime.timedelta(days=1), noon), tick=False):
        with pytest.raises(services.CandidateFileError, match="ended on"):
            services.appeal_file(application_id=refused.pk, reason="迟到的申请", by=candidate)
    with time_machine.travel(datetime.datetime.combine(deadline, noon), tick=False):
        assert services.appeal_file(application_id=refused.pk, reason="最后一天", by=candidate).pk


def test_a_longer_campaign_rule_gives_more_days(candidate, refused):
    Campaign.objects.filter(pk=refused.post.campaign_id).update(appeal_working_days=10)
    refused.refresh_from_db()
    assert services.appeal_deadline(refused) == working_days_ahead(timezone.localdate(refused.reviewed_at), 10)


def test_only_the_refused_candidate_himself_may_appeal(office, candidate, other_candidate, person, reg_post, refused):
    with pytest.raises(PermissionDenied):
        services.appeal_file(application_id=refused.pk, reason="代为申请", by=other_candidate)
    registration.application_review(application_id=refused.pk, by=office, qualified=True, reason="复查")
    with pytest.raises(services.CandidateFileError, match="found not qualified"):
        services.appeal_file(application_id=refused.pk, reason="已合格", by=candidate)


def test_one_open_appeal_per_application_by_the_service_and_by_the_database(candidate, refused):
    services.appeal_file(application_id=refused.pk, reason="第一次", by=candidate)
    with pytest.raises(services.CandidateFileError, match="waiting"):
        services.appeal_file(application_id=refused.pk, reason="第二次", by=candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(application=refused, reason="绕过服务", filed_by=candidate)


def test_the_database_refuses_a_decision_without_its_reason(office, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="第一次", by=candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(status="dismissed", decided_at=timezone.now(), decision_reason="")


def test_registration_does_not_close_while_an_appeal_waits(office, candidate, refused, reg_post):
    appeal = services.appeal_file(application_id=refused.pk, reason="年限计算有误", by=candidate)
    close_window(reg_post)
    with pytest.raises(registration.RegistrationError, match="appeal"):
        registration.registration_close(post_id=reg_post.pk, by=office)
    services.appeal_decide(appeal_id=appeal.pk, uphold=False, reason="不符合", by=office)
    registration.registration_close(post_id=reg_post.pk, by=office)


def test_after_registration_closed_no_appeal_can_change_the_result(office, candidate, refused, reg_post):
    close_window(reg_post)
    registration.registration_close(post_id=reg_post.pk, by=office)
    with pytest.raises(services.CandidateFileError, match="closed"):
        services.appeal_file(application_id=refused.pk, reason="太晚", by=candidate)


# --- Views: anonymous → wrong role → wrong object → right one ---


def test_the_candidate_appeals_from_his_application_page(client, office, candidate, other_candidate, refused):
    url = reverse("candidates:appeal_file", args=[refused.pk])
    assert "login" in client.post(url, {"reason": "x"})["Location"]
    client.force_login(other_candidate)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(candidate)
    page = client.get(reverse("registration:application_edit", args=[refused.pk])).content.decode()
    assert url in page  # the form is offered
    response = client.post(url, {"reason": ""}, follow=True)
    assert not Appeal.objects.exists()
    response = client.post(url, {"reason": "年限计算有误"}, follow=True)
    assert Appeal.objects.filter(application=refused, status="open").count() == 1
    assert "waiting for the office" in response.content.decode()


def test_the_office_decides_on_the_post_page(client, office, secretary, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="年限计算有误", by=candidate)
    url = reverse("candidates:appeal_decide", args=[appeal.pk])
    data = {"decision": "uphold", "reason": "核实无误"}
    assert "login" in client.post(url, data)["Location"]
    for user in (candidate, secretary):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    client.force_login(office)
    assert client.post(reverse("candidates:appeal_decide", args=[999999]), data).status_code == 404
    page = client.get(reverse("competition:post_detail", args=[refused.post_id])).content.decode()
    assert url in page and "年限计算有误" in page
    response = client.post(url, {"decision": "uphold", "reason": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "open"
    client.post(url, data)
    appeal.refresh_from_db()
    refused.refresh_from_db()
    assert appeal.status == "upheld" and refused.status == "qualified"
