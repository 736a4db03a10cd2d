"""Internal competition that happens (issue 16.4): a post moved inward goes on in its unit's internal competition,
run by the unit's secretary, with the office approving the evaluation's result and running the later steps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from competition import workflow
from competition.evaluation import services as evaluations
from competition.models import Application, Campaign, Post, Rating
from competition.registration import services as registration
from competition.release import services as release
from notifications.models import Notification
from tests.competition.registration.conftest import close_window, signed
from tests.competition.stages import vote_all
from tests.factories import ApplicationFactory, CandidateUserFactory, post_in_state

pytestmark = pytest.mark.django_db


def staff_of(unit, username):
    user = CandidateUserFactory(username=username)
    user.person.current_unit = unit
    user.person.birth_date = datetime.date(1985, 6, 1)
    signed(user.person)
    return user


@pytest.fixture
def too_few(unit, campaign):
    """A unified competition's post whose registration closed with one qualified applicant of three needed."""
    post = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=None)
    ApplicationFactory(post=post, round=post.round)
    close_window(post)
    return post


def moved(post, office):
    registration.registration_close(post_id=post.pk, by=office, too_few_action="internal", reason="合格人数不足")
    post.refresh_from_db()
    return post


def test_the_offices_move_drafts_the_post_in_the_units_internal_competition_created_for_it(
    client, office, secretary, too_few, unit
):
    client.force_login(office)
    response = client.post(reverse("registration:close", args=[too_few.pk]), {"too_few_action": "internal", "reason": "合格人数不足"})
    assert response.status_code == 302
    too_few.refresh_from_db()
    assert too_few.status == Post.Status.INTERNAL  # the original keeps its state, applications and log
    assert too_few.applications.get().outcome == Application.Outcome.INTERNAL
    assert StateLog.objects.for_(too_few).latest().description == "合格人数不足"
    draft = too_few.moved_to
    assert draft.status == Post.Status.DRAFT and draft.moved_from == too_few
    assert draft.campaign.kind == Campaign.Kind.INTERNAL and draft.campaign.unit == unit
    # Named in the district's language, though the office's request was in English.
    assert draft.campaign.name == f"罗店镇{timezone.localdate().year}年内部竞岗"
    assert (draft.position, draft.title, draft.places, draft.min_education, draft.min_rank) == (
        too_few.position, too_few.title, too_few.places, too_few.min_education, too_few.min_rank
    )
    assert not draft.applications.exists()
    assert Notification.objects.filter(recipient=secretary, kind="post_moved_inward").exists()
    page = client.get(reverse("competition:post_detail", args=[too_few.pk])).content.decode()
    assert reverse("competition:post_detail", args=[draft.pk]) in page


def test_a_second_post_of_the_unit_joins_its_open_internal_competition(office, too_few, unit, campaign):
    first = moved(too_few, office).moved_to
    other = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=None)
    close_window(other)
    second = moved(other, office).moved_to
    assert second.campaign == first.campaign
    assert Campaign.objects.filter(kind="internal", unit=unit).count() == 1


def test_a_closed_internal_competition_takes_no_more_posts(office, too_few, unit, campaign):
    first = moved(too_few, office).moved_to
    Campaign.objects.filter(pk=first.campaign_id).update(closed_on=timezone.localdate())
    other = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=None)
    close_window(other)
    assert moved(other, office).moved_to.campaign != first.campaign


def test_the_secretary_runs_the_early_steps_and_only_the_units_staff_see_and_apply(
    client, office, secretary, other_secretary, too_few, unit, other_unit
):
    draft = moved(too_few, office).moved_to
    internal = draft.campaign
    release.post_update(post_id=draft.pk, by=secretary, max_age=50, duties="负责综治工作")  # editable by the unit
    workflow.post_submit(post_id=draft.pk, by=secretary)
    with pytest.raises(PermissionDenied):
        workflow.post_accept(post_id=draft.pk, by=other_secretary)
    workflow.post_accept(post_id=draft.pk, by=secretary)
    round_ = release.round_create(
        campaign_id=internal.pk, by=secretary, number=1,
        registration_opens=timezone.now() - datetime.timedelta(hours=1),
        registration_closes=timezone.now() + datetime.timedelta(days=5),
    )
    release.post_assign_round(post_id=draft.pk, round_id=round_.pk, by=secretary)
    workflow.post_announce(post_id=draft.pk, by=secretary)
    workflow.post_open_registration(post_id=draft.pk, by=secretary)

    # Not on the public board; another unit's staff neither see nor apply; the unit's own staff do.
    board_post = reverse("registration:board_post", args=[draft.pk])
    assert client.get(board_post).status_code == 404
    outsider = staff_of(other_unit, "finance_staff")
    client.force_login(outsider)
    assert client.get(board_post).status_code == 404
    with pytest.raises(registration.RegistrationError, match="No such post"):
        registration.application_submit(post_id=draft.pk, by=outsider)
    own = [staff_of(unit, f"own_staff{i}") for i in range(3)]
    client.force_login(own[0])
    assert client.get(board_post).status_code == 200
    applications = [registration.application_submit(post_id=draft.pk, by=user) for user in own]

    # The secretary reviews and closes; another unit's secretary cannot even see the post.
    with pytest.raises(PermissionDenied):
        registration.application_review(application_id=applications[0].pk, by=other_secretary, qualified=True)
    client.force_login(other_secretary)
    assert client.get(reverse("competition:post_detail", args=[draft.pk])).status_code == 404
    client.force_login(secretary)
    response = client.post(reverse("registration:confirm_passing", args=[draft.pk]))
    assert response.status_code == 302
    assert draft.applications.filter(status=Application.Status.QUALIFIED).count() == 3
    draft.refresh_from_db()
    close_window(draft)
    assert registration.registration_close(post_id=draft.pk, by=secretary).status == Post.Status.INTERVIEW
    # The interview's result sends the post on to the evaluation, the secretary's step too.
    assert workflow.post_start_evaluation(post_id=draft.pk, by=secretary).status == Post.Status.EVALUATION


def test_the_office_approves_the_secretarys_evaluation_result_and_runs_the_later_steps(
    client, office, secretary, too_few, unit
):
    internal = moved(too_few, office).moved_to.campaign
    post = post_in_state(Post.Status.EVALUATION, unit=unit, campaign=internal)
    post.applications.update(advanced_to_evaluation=True)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=secretary)
    vote_all(evaluation, [[Rating.EXCELLENT] * 3] * 3)
    client.force_login(secretary)
    client.post(reverse("appointment:evaluation_close", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == Post.Status.EVALUATION
    assert Notification.objects.filter(recipient=office, kind="evaluation_result").exists()
    # The secretary may not approve, nor start the inspection himself.
    assert client.post(reverse("appointment:evaluation_approve", args=[post.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        workflow.post_start_inspection(post_id=post.pk, by=secretary)
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert 'data-testid="evaluation-approve"' in page
    client.post(reverse("appointment:evaluation_approve", args=[post.pk]), {"reason": "同意"})
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    assert StateLog.objects.for_(post).latest().by == office


def test_the_office_sees_every_units_internal_campaigns(client, office, secretary, other_secretary, too_few):
    internal = moved(too_few, office).moved_to.campaign
    client.force_login(office)
    assert internal.name in client.get(reverse("competition:campaign_list")).content.decode()
    client.force_login(secretary)
    assert internal.name in client.get(reverse("competition:campaign_list")).content.decode()
    client.force_login(other_secretary)
    assert internal.name not in client.get(reverse("competition:campaign_list")).content.decode()


def test_an_internal_competitions_post_cannot_move_further_inward(office, secretary, too_few):
    internal = moved(too_few, office).moved_to.campaign
    post = post_in_state(Post.Status.REGISTRATION, unit=too_few.unit, campaign=internal, max_age=None)
    close_window(post)
    with pytest.raises(workflow.WorkflowError, match="already in its unit's internal competition"):
        workflow.post_move_to_internal(post_id=post.pk, by=office, reason="x")
