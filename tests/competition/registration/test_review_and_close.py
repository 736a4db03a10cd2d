"""Qualification review (confirm, override with a reason, bulk) and closing registration."""

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm_log.models import StateLog

from competition.models import Application, Post, QualificationReview
from competition.registration import services as registration
from competition.registration import tasks
from notifications.models import Notification
from tests.competition.registration.conftest import close_window, make_applicants
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def apply_all(post, people):
    return [registration.application_submit(post_id=post.pk, by=p.user) for p in people]


def test_the_office_confirms_a_passing_pre_check_without_a_reason_and_it_is_logged(office, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_review(application_id=application.pk, by=office, qualified=True)
    application.refresh_from_db()
    assert application.status == Application.Status.QUALIFIED and application.reviewed_by == office
    review = QualificationReview.objects.get(application=application)
    assert review.qualified and not review.is_override
    assert Notification.objects.filter(recipient=candidate, kind="qualification").exists()


def test_overriding_the_pre_check_needs_a_reason_which_is_logged_and_shown(client, office, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError, match="reason"):
        registration.application_review(application_id=application.pk, by=office, qualified=False)
    registration.application_review(application_id=application.pk, by=office, qualified=False, reason="档案年龄不符")
    review = QualificationReview.objects.get(application=application)
    assert review.is_override and review.reason == "档案年龄不符" and review.by == office
    client.force_login(candidate)
    assert "档案年龄不符" in client.get("/candidate/applications/").content.decode()


def test_a_failed_pre_check_can_be_overridden_to_qualified_with_a_reason(office, candidate, person, reg_post):
    person.education = "high_school"
    person.save()
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert application.precheck_passed is False
    with pytest.raises(registration.RegistrationError):
        registration.application_review(application_id=application.pk, by=office, qualified=True)
    registration.application_review(application_id=application.pk, by=office, qualified=True, reason="学历认定有误")
    application.refresh_from_db()
    assert application.status == Application.Status.QUALIFIED


def test_only_the_office_reviews(secretary, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    for user in (secretary, candidate):
        with pytest.raises(PermissionDenied):
            registration.application_review(application_id=application.pk, by=user, qualified=True)
        with pytest.raises(PermissionDenied):
            registration.applications_confirm_passing(post_id=reg_post.pk, by=user)
    assert not QualificationReview.objects.exists()


def test_bulk_confirmation_confirms_only_those_that_pass(office, reg_post):
    people = make_applicants(3)
    people[0].education = "high_school"
    people[0].save()
    applications = apply_all(reg_post, people)
    assert registration.applications_confirm_passing(post_id=reg_post.pk, by=office) == 2
    statuses = {a.pk: s for a, s in ((a, Application.objects.get(pk=a.pk).status) for a in applications)}
    assert statuses[applications[0].pk] == Application.Status.SUBMITTED
    assert QualificationReview.objects.count() == 2


def test_registration_cannot_close_before_the_deadline(office, reg_post):
    with pytest.raises(registration.RegistrationError, match="deadline"):
        registration.registration_close(post_id=reg_post.pk, by=office)


def test_with_enough_qualified_applicants_the_post_goes_to_interview(office, reg_post):
    applications = apply_all(reg_post, make_applicants(4))
    registration.applications_confirm_passing(post_id=reg_post.pk, by=office)
    registration.application_review(application_id=applications[0].pk, by=office, qualified=False, reason="不符")
    close_window(reg_post)
    post = registration.registration_close(post_id=reg_post.pk, by=office)
    assert post.status == Post.Status.INTERVIEW
    assert Application.objects.get(pk=applications[0].pk).outcome == Application.Outcome.UNQUALIFIED
    assert Application.objects.filter(post=post, outcome="").count() == 3
    assert Notification.objects.filter(kind="registration_closed").count() == 4


def test_closing_waits_for_reviews_that_could_reach_the_minimum(office, reg_post):
    apply_all(reg_post, make_applicants(3))
    close_window(reg_post)
    with pytest.raises(registration.RegistrationError, match="wait for the qualification review"):
        registration.registration_close(post_id=reg_post.pk, by=office)
    assert tasks.close_registrations() == 0
    reg_post.refresh_from_db()
    assert reg_post.status == Post.Status.REGISTRATION


@pytest.mark.parametrize("rule, status, outcome", [
    ("internal", Post.Status.INTERNAL, Application.Outcome.INTERNAL),
    ("fail", Post.Status.FAILED, Application.Outcome.POST_FAILED),
])
def test_too_few_qualified_follows_the_campaigns_rule_and_applicants_are_told(office, reg_post, rule, status, outcome):
    reg_post.campaign.too_few_action = rule
    reg_post.campaign.save()
    applications = apply_all(reg_post, make_applicants(2))
    registration.applications_confirm_passing(post_id=reg_post.pk, by=office)
    close_window(reg_post)
    assert tasks.close_registrations() == 1
    reg_post.refresh_from_db()
    assert reg_post.status == status
    entry = StateLog.objects.for_(reg_post).latest()
    assert entry.by is None and "(2)" in entry.description and "(3)" in entry.description
    for application in applications:
        application.refresh_from_db()
        assert application.outcome == outcome
        assert Notification.objects.filter(recipient=application.person.user, kind="registration_closed").count() == 1


def test_the_automatic_close_is_safe_to_run_twice(office, reg_post):
    apply_all(reg_post, make_applicants(1))
    close_window(reg_post)
    assert tasks.close_registrations() == 1
    assert tasks.close_registrations() == 0
    assert Notification.objects.filter(kind="registration_closed").count() == 1
    assert StateLog.objects.for_(reg_post).filter(state=Post.Status.INTERNAL).count() == 1


def test_the_office_may_choose_to_fail_a_post_whose_campaign_says_internal(office, reg_post):
    close_window(reg_post)
    post = registration.registration_close(post_id=reg_post.pk, by=office, too_few_action="fail", reason="无合适人选")
    assert post.status == Post.Status.FAILED
    assert StateLog.objects.for_(post).latest().description == "无合适人选"


def test_a_pending_application_on_a_post_that_cannot_reach_the_minimum_does_not_block(office, reg_post):
    (application,) = apply_all(reg_post, make_applicants(1))
    close_window(reg_post)
    post = registration.registration_close(post_id=reg_post.pk, by=office)
    assert post.status == Post.Status.INTERNAL
    application.refresh_from_db()
    assert application.outcome == Application.Outcome.INTERNAL


def test_a_candidate_who_failed_in_one_round_applies_in_the_next_and_the_office_sees_the_history(
    client, office, candidate, person, reg_post
):
    from tests.factories import RoundFactory

    first = registration.application_submit(post_id=reg_post.pk, by=candidate)
    close_window(reg_post)
    registration.registration_close(post_id=reg_post.pk, by=office, too_few_action="fail")
    second_round = RoundFactory(campaign=reg_post.campaign, number=reg_post.round.number + 1)
    # The office re-releases the failed post in round 2 (competition.release), the new draft goes through the steps.
    from competition import workflow
    from competition.release import services as release

    rereleased = release.post_rerelease(post_id=reg_post.pk, campaign_id=reg_post.campaign_id, round_id=second_round.pk,
                                        by=office)
    release.post_update(post_id=rereleased.pk, by=office, max_age=None)
    for step in (workflow.post_submit, workflow.post_accept, workflow.post_announce, workflow.post_open_registration):
        step(post_id=rereleased.pk, by=None)
    assert rereleased.rereleased_from == reg_post
    second = registration.application_submit(post_id=rereleased.pk, by=candidate)
    assert second.round == second_round
    client.force_login(office)
    page = client.get(f"/registration/people/{person.pk}/").content.decode()
    assert page.count("<tr>") == 3  # header + both applications
    assert "Post failed" in page and str(first.post.title) in page


def test_reviews_are_refused_once_registration_is_closed(office, reg_post):
    application = ApplicationFactory(post=reg_post, status=Application.Status.SUBMITTED)
    close_window(reg_post)
    registration.registration_close(post_id=reg_post.pk, by=office)
    with pytest.raises(registration.RegistrationError):
        registration.application_review(application_id=application.pk, by=office, qualified=True)
