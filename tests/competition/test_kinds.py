"""The kinds of campaign (competition.kinds): for each, who sees its posts, who may apply, who runs a step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from competition import kinds, workflow
from competition.evaluation import services as evaluations
from competition.models import Application, Campaign, Post, Rating, WorkHistoryEntry
from competition.registration import services as registration
from competition.release import services as release
from tests.competition.registration.conftest import close_window, signed
from tests.competition.stages import vote_all
from tests.factories import CampaignFactory, CandidateUserFactory, PersonFactory, UserFactory, post_in_state

pytestmark = pytest.mark.django_db


def staff_of(unit, username):
    """A candidate account whose profile says they work in ``unit`` (declaration signed)."""
    user = CandidateUserFactory(username=username)
    user.person.current_unit = unit
    signed(user.person)
    return user


def outsider_candidate(username="from_outside"):
    """Someone outside the district's public service: no unit of the district."""
    user = UserFactory(username=username)
    signed(PersonFactory(user=user, current_unit=None, current_unit_other="某大学"))
    return user


@pytest.fixture
def internal(unit):
    return CampaignFactory(name="罗店镇内部竞岗", kind=Campaign.Kind.INTERNAL, unit=unit)


@pytest.fixture
def open_selection(db):
    return CampaignFactory(
        name="2026年公开选拔", kind=Campaign.Kind.OPEN,
        identity_checks=[Campaign.IdentityCheck.PHOTO, Campaign.IdentityCheck.WORK_HISTORY],
    )


def in_registration(campaign, unit):
    return post_in_state(Post.Status.REGISTRATION, campaign=campaign, unit=unit, max_age=None)


# --- Unified (统一竞岗) ---


def test_a_unified_post_is_on_the_public_board_for_anyone(client, campaign, unit):
    post = in_registration(campaign, unit)
    assert client.get(reverse("registration:board_post", args=[post.pk])).status_code == 200
    assert post.title in client.get(reverse("registration:board")).content.decode()


def test_in_a_unified_competition_the_staff_of_any_unit_apply_and_an_outsider_is_refused(campaign, unit, other_unit):
    post = in_registration(campaign, unit)
    application = registration.application_submit(post_id=post.pk, by=staff_of(other_unit, "finance_staff"))
    assert application.from_other_unit is True
    with pytest.raises(registration.RegistrationError, match="staff of the district's units"):
        registration.application_submit(post_id=post.pk, by=outsider_candidate())


def test_in_a_unified_competition_the_office_runs_the_steps_not_the_units_secretary(campaign, unit, office, secretary):
    post = post_in_state(Post.Status.RELEASED, campaign=campaign, unit=unit)
    with pytest.raises(PermissionDenied):
        workflow.post_accept(post_id=post.pk, by=secretary)
    assert workflow.post_accept(post_id=post.pk, by=office).status == Post.Status.ACCEPTED
    with pytest.raises(PermissionDenied):
        release.round_create(campaign_id=campaign.pk, by=secretary, number=9,
                             registration_opens=timezone.now(), registration_closes=timezone.now() + datetime.timedelta(days=3))


# --- Internal (内部竞岗) ---


def test_an_internal_post_is_not_on_the_public_board_and_only_the_units_staff_see_it(
    client, internal, unit, other_unit
):
    post = in_registration(internal, unit)
    url = reverse("registration:board_post", args=[post.pk])
    assert client.get(url).status_code == 404
    assert post.title not in client.get(reverse("registration:board")).content.decode()
    client.force_login(staff_of(other_unit, "finance_staff"))
    assert client.get(url).status_code == 404
    assert post.title not in client.get(reverse("registration:board")).content.decode()
    client.force_login(staff_of(unit, "own_staff"))
    assert client.get(url).status_code == 200
    assert post.title in client.get(reverse("registration:board")).content.decode()


def test_only_the_units_own_staff_apply_in_its_internal_competition(internal, unit, other_unit):
    post = in_registration(internal, unit)
    with pytest.raises(registration.RegistrationError, match="No such post"):
        registration.application_submit(post_id=post.pk, by=staff_of(other_unit, "finance_staff"))
    with pytest.raises(registration.RegistrationError, match="No such post"):
        registration.application_submit(post_id=post.pk, by=outsider_candidate())
    application = registration.application_submit(post_id=post.pk, by=staff_of(unit, "own_staff"))
    assert application.from_other_unit is False


def test_another_units_staff_applying_through_the_page_learn_nothing(client, internal, unit, other_unit):
    post = in_registration(internal, unit)
    client.force_login(staff_of(other_unit, "finance_staff"))
    response = client.post(reverse("registration:apply", args=[post.pk]), {"statement": ""}, follow=True)
    assert not Application.objects.filter(post=post, person__user__username="finance_staff").exists()
    assert "No such post" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("registration:my_applications")


def test_the_units_secretary_runs_the_early_steps_of_its_internal_competition(
    internal, unit, secretary, other_secretary
):
    post = post_in_state(Post.Status.RELEASED, campaign=internal, unit=unit)
    with pytest.raises(PermissionDenied):
        workflow.post_accept(post_id=post.pk, by=other_secretary)
    workflow.post_accept(post_id=post.pk, by=secretary)
    round_ = release.round_create(
        campaign_id=internal.pk, by=secretary, number=1,
        registration_opens=timezone.now() - datetime.timedelta(hours=1),
        registration_closes=timezone.now() + datetime.timedelta(days=5),
    )
    release.post_assign_round(post_id=post.pk, round_id=round_.pk, by=secretary)
    assert release.campaign_announce_accepted(campaign_id=internal.pk, by=secretary) == 1
    assert workflow.post_open_registration(post_id=post.pk, by=secretary).status == Post.Status.REGISTRATION
    with pytest.raises(PermissionDenied):
        release.round_create(campaign_id=internal.pk, by=other_secretary, number=2,
                             registration_opens=timezone.now(), registration_closes=timezone.now() + datetime.timedelta(days=3))


def test_the_secretary_reviews_and_closes_and_a_post_with_too_few_fails_instead_of_moving_inward(
    internal, unit, secretary, other_secretary
):
    post = in_registration(internal, unit)
    application = registration.application_submit(post_id=post.pk, by=staff_of(unit, "own_staff"))
    with pytest.raises(PermissionDenied):
        registration.application_review(application_id=application.pk, by=other_secretary, qualified=True)
    registration.application_review(application_id=application.pk, by=secretary, qualified=True)
    close_window(post)
    closed = registration.registration_close(post_id=post.pk, by=secretary)
    assert closed.status == Post.Status.FAILED  # the campaign says "internal", but it is the internal competition


def test_the_secretary_of_an_internal_competition_closes_its_evaluation_and_the_office_approves_the_result(
    internal, unit, office, secretary
):
    post = post_in_state(Post.Status.EVALUATION, campaign=internal, unit=unit)
    for rank, application in enumerate(post.applications.order_by("pk"), 1):
        Application.objects.filter(pk=application.pk).update(interview_rank=rank, advanced_to_evaluation=rank <= 2)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=secretary)
    vote_all(evaluation, [[Rating.EXCELLENT, Rating.COMPETENT]] * 3)
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=secretary)
    post.refresh_from_db()
    assert post.status == Post.Status.EVALUATION  # the result waits for the office
    with pytest.raises(PermissionDenied):
        evaluations.evaluation_approve(post_id=post.pk, by=secretary)
    evaluations.evaluation_approve(post_id=post.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    with pytest.raises(workflow.WorkflowError):
        evaluations.evaluation_approve(post_id=post.pk, by=office)


def test_the_office_sees_every_units_internal_campaigns_and_a_secretary_only_their_own(
    client, internal, office, secretary, other_secretary
):
    url = reverse("competition:campaign_detail", args=[internal.pk])
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert "only its own staff see the posts" in page
    client.force_login(office)
    assert client.get(url).status_code == 200
    assert internal.name in client.get(reverse("competition:campaign_list")).content.decode()


# --- Open selection (公开选拔) ---


def test_an_open_selection_is_on_the_public_board(client, open_selection, unit):
    post = in_registration(open_selection, unit)
    assert client.get(reverse("registration:board_post", args=[post.pk])).status_code == 200


def test_an_outsider_applies_to_an_open_selection_once_the_offices_identity_checks_are_met(open_selection, unit):
    post = in_registration(open_selection, unit)
    user = outsider_candidate()
    with pytest.raises(registration.RegistrationError, match="a photo, your work history"):
        registration.application_submit(post_id=post.pk, by=user)
    person = user.person
    person.photo = "photos/x.jpg"
    person.save()
    WorkHistoryEntry.objects.create(person=person, start=timezone.localdate().replace(year=2010), organisation="某大学",
                                    position="教师")
    application = registration.application_submit(post_id=post.pk, by=user)
    assert application.status == Application.Status.SUBMITTED


def test_district_staff_apply_to_an_open_selection_without_the_outsiders_checks(open_selection, unit, other_unit):
    post = in_registration(open_selection, unit)
    assert registration.application_submit(post_id=post.pk, by=staff_of(other_unit, "finance_staff")).pk


def test_in_an_open_selection_the_office_runs_the_steps(open_selection, unit, office, secretary):
    post = post_in_state(Post.Status.RELEASED, campaign=open_selection, unit=unit)
    with pytest.raises(PermissionDenied):
        workflow.post_accept(post_id=post.pk, by=secretary)
    assert workflow.post_accept(post_id=post.pk, by=office).status == Post.Status.ACCEPTED


def test_the_office_sets_the_identity_checks_on_the_campaign_form_of_an_open_selection_only(client, office):
    client.force_login(office)
    from django.forms.models import model_to_dict

    from competition.release.forms import CampaignForm

    defaults = model_to_dict(Campaign(), fields=CampaignForm._meta.fields)
    data = {name: "" if value is None else value for name, value in defaults.items()}
    data.update(name="2027年公开选拔", kind="open", unit="", identity_checks=["photo", "phone"], start_date="2027-01-04")
    response = client.post(reverse("competition:campaign_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Campaign.objects.get(name="2027年公开选拔").identity_checks == ["photo", "phone"]
    response = client.post(reverse("competition:campaign_create"), {**data, "name": "2027年统一竞岗", "kind": "unified"})
    assert response.status_code == 200
    assert "only for an open selection" in response.content.decode()
    assert not Campaign.objects.filter(name="2027年统一竞岗").exists()


def test_each_kind_names_who_runs_each_step(internal, campaign):
    assert kinds.runner_label(internal, kinds.Step.REGISTRATION) == "the unit's secretary"
    assert kinds.runner_label(internal, kinds.Step.EVALUATION_APPROVE) == "the competition office"
    assert kinds.runner_label(campaign, kinds.Step.REGISTRATION) == "the competition office"
