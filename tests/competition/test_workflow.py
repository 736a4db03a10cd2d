"""The post workflow's service functions: legal paths, refusals, conditions, and the log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_fsm_log.models import StateLog

from competition import workflow
from competition.models import Post, Round
from tests.factories import PATH, ApplicationFactory, PostFactory, post_in_state

pytestmark = pytest.mark.django_db


def test_a_post_goes_all_the_way_from_draft_to_appointed_with_a_log_row_per_step():
    post = post_in_state(Post.Status.APPOINTED)
    log = list(StateLog.objects.for_(post).order_by("timestamp", "pk"))
    assert [entry.state for entry in log] == [target for _name, target in PATH]
    assert [entry.source_state for entry in log] == [Post.Status.DRAFT] + [target for _name, target in PATH][:-1]


def test_the_unit_secretary_submits_and_the_office_accepts(secretary, office, unit, campaign):
    post = PostFactory(unit=unit, campaign=campaign)
    workflow.post_submit(post_id=post.pk, by=secretary)
    workflow.post_accept(post_id=post.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.ACCEPTED
    entry = StateLog.objects.for_(post).latest()
    assert entry.by == office and entry.transition == "accept"


def test_another_units_secretary_cannot_submit(other_secretary, unit, campaign):
    post = PostFactory(unit=unit, campaign=campaign)
    with pytest.raises(PermissionDenied):
        workflow.post_submit(post_id=post.pk, by=other_secretary)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not StateLog.objects.for_(post).exists()


@pytest.mark.parametrize("name", ["accept", "announce", "open_registration", "start_interview", "start_evaluation",
                                  "start_inspection", "start_publicity", "await_decision"])
def test_office_transitions_refuse_unit_secretaries_and_candidates(name, secretary, candidate):
    index = [n for n, _t in PATH].index(name)
    previous = PATH[index - 1][1]
    post = post_in_state(previous, unit=secretary.secretary_of)
    if name == "start_interview":
        Round.objects.filter(pk=post.round_id).update(registration_closes=timezone.now() - datetime.timedelta(seconds=1))
        for _ in range(3):
            ApplicationFactory(post=post)
    service = getattr(workflow, f"post_{name}")
    for user in (secretary, candidate):
        with pytest.raises(PermissionDenied):
            service(post_id=post.pk, by=user)
    post.refresh_from_db()
    assert post.status == previous


def test_the_decision_is_recorded_by_the_posts_unit_secretary_not_another(secretary, other_secretary):
    post = post_in_state(Post.Status.DECISION, unit=secretary.secretary_of)
    with pytest.raises(PermissionDenied):
        workflow.post_appoint(post_id=post.pk, by=other_secretary)
    workflow.post_appoint(post_id=post.pk, by=secretary)
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED


def test_returning_needs_a_reason_and_the_reason_is_logged(secretary, office, unit):
    post = post_in_state(Post.Status.RELEASED, unit=unit)
    with pytest.raises(workflow.WorkflowError):
        workflow.post_return(post_id=post.pk, by=office, reason="  ")
    workflow.post_return(post_id=post.pk, by=office, reason="任职条件不明确")
    assert StateLog.objects.for_(post).latest().description == "任职条件不明确"
    # A returned post can be revised and submitted again.
    workflow.post_submit(post_id=post.pk, by=secretary)
    post.refresh_from_db()
    assert post.status == Post.Status.RELEASED


def test_announcing_needs_a_registration_window(office):
    post = post_in_state(Post.Status.ACCEPTED)
    Post.objects.filter(pk=post.pk).update(round=None)
    with pytest.raises(workflow.WorkflowError, match="registration window"):
        workflow.post_announce(post_id=post.pk, by=office)


def test_registration_cannot_close_before_its_deadline(office):
    post = post_in_state(Post.Status.REGISTRATION)
    for _ in range(3):
        ApplicationFactory(post=post)
    with pytest.raises(workflow.WorkflowError, match="deadline"):
        workflow.post_start_interview(post_id=post.pk, by=office)
    with pytest.raises(workflow.WorkflowError, match="deadline"):
        workflow.post_move_to_internal(post_id=post.pk, by=office, reason="报名不足")


def test_too_few_qualified_applicants_cannot_go_to_interview(office):
    post = post_in_state(Post.Status.REGISTRATION)
    ApplicationFactory(post=post)
    Round.objects.filter(pk=post.round_id).update(registration_closes=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(workflow.WorkflowError, match="Fewer qualified applicants"):
        workflow.post_start_interview(post_id=post.pk, by=office)
    workflow.post_move_to_internal(post_id=post.pk, by=office, reason="合格人数不足3人")
    post.refresh_from_db()
    assert post.status == Post.Status.INTERNAL


@pytest.mark.parametrize("terminal", [Post.Status.APPOINTED])
def test_a_terminal_state_cannot_be_left(terminal, office):
    post = post_in_state(terminal)
    for name in workflow.ACTIONS:
        with pytest.raises(workflow.WorkflowError):
            workflow.run_action(name, post_id=post.pk, by=office, reason="x")


def test_a_unit_secretary_may_cancel_a_draft_but_not_an_announced_post(secretary, office):
    draft = PostFactory(unit=secretary.secretary_of)
    workflow.post_cancel(post_id=draft.pk, by=secretary, reason="机构调整")
    draft.refresh_from_db()
    assert draft.status == Post.Status.CANCELLED
    announced = post_in_state(Post.Status.ANNOUNCED, unit=secretary.secretary_of)
    with pytest.raises(PermissionDenied):
        workflow.post_cancel(post_id=announced.pk, by=secretary, reason="x")
    workflow.post_cancel(post_id=announced.pk, by=office, reason="职位撤销")


def test_available_actions_offer_only_what_the_user_may_do_now(secretary, other_secretary, office):
    post = PostFactory(unit=secretary.secretary_of)
    assert {a["name"] for a in workflow.available_actions(post, secretary)} == {"submit", "cancel"}
    assert workflow.available_actions(post, other_secretary) == []
    workflow.post_submit(post_id=post.pk, by=secretary)
    post.refresh_from_db()
    assert {a["name"] for a in workflow.available_actions(post, office)} == {"return_to_unit", "accept", "cancel"}
    assert workflow.available_actions(post, secretary) == []


def test_failing_a_post_ends_its_open_applications_and_tells_the_applicants(office):
    from competition.models import Application
    from notifications.models import Notification
    from tests.factories import CandidateUserFactory

    post = post_in_state(Post.Status.INTERVIEW)
    user = CandidateUserFactory()
    mine = ApplicationFactory(post=post, person=user.person)
    unqualified = ApplicationFactory(post=post, status=Application.Status.UNQUALIFIED)
    workflow.post_fail(post_id=post.pk, by=office, reason="无合适人选")
    mine.refresh_from_db()
    unqualified.refresh_from_db()
    assert mine.outcome == Application.Outcome.POST_FAILED and mine.outcome_on is not None
    assert unqualified.outcome == Application.Outcome.UNQUALIFIED
    assert Notification.objects.filter(recipient=user, kind="post_ended", body__contains="无合适人选").count() == 1
    assert not post.applications.filter(outcome=Application.Outcome.IN_PROGRESS).exists()


def test_an_application_that_already_ended_keeps_its_outcome_when_the_post_fails(office):
    from competition.models import Application

    post = post_in_state(Post.Status.EVALUATION)
    out = ApplicationFactory(post=post, outcome=Application.Outcome.INTERVIEW_FAILED)
    workflow.post_fail(post_id=post.pk, by=office, reason="测评均未通过")
    out.refresh_from_db()
    assert out.outcome == Application.Outcome.INTERVIEW_FAILED
