"""Switching posts in one move within the registration window (issue 18, point 5): withdraw and apply atomically,
the per-round cap respected; a refused switch leaves the original application as it was."""

import pytest

from competition.models import Application, Education, Post
from competition.registration import control
from competition.registration import services as registration
from tests.competition.registration.conftest import close_window
from tests.factories import post_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(candidate, person, reg_post):
    return registration.application_submit(post_id=reg_post.pk, by=candidate, statement="我的陈述")


def unchanged(application):
    fresh = Application.objects.get(pk=application.pk)
    return (fresh.status, fresh.outcome, fresh.withdrawn_at) == (
        Application.Status.SUBMITTED, Application.Outcome.IN_PROGRESS, None
    )


def test_a_switch_withdraws_the_old_application_and_applies_to_the_new_post(candidate, person, applied, second_post):
    new = registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=candidate)
    applied.refresh_from_db()
    assert applied.status == Application.Status.WITHDRAWN and applied.outcome == Application.Outcome.WITHDRAWN
    assert str(second_post.title) in applied.withdrawal_reason
    assert (new.post, new.person, new.status, new.statement) == (second_post, person, Application.Status.SUBMITTED, "我的陈述")
    assert new.precheck_passed is True
    assert Application.objects.filter(person=person).exclude(status=Application.Status.WITHDRAWN).count() == 1


def test_switching_back_reopens_the_withdrawn_application(candidate, person, applied, reg_post, second_post):
    new = registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=candidate)
    back = registration.application_switch(application_id=new.pk, new_post_id=reg_post.pk, by=candidate)
    assert back.pk == applied.pk and back.status == Application.Status.SUBMITTED
    assert Application.objects.filter(person=person).count() == 2


def test_the_per_round_cap_is_respected(candidate, person, applied, reg_post, second_post, other_unit):
    """With a cap of 2 and two live applications, a switch to a third post keeps the count at 2 (allowed); with
    the cap lowered under the live count, it is refused and nothing changes."""
    campaign = reg_post.campaign
    campaign.posts_per_candidate_per_round = 2
    campaign.save()
    registration.application_submit(post_id=second_post.pk, by=candidate)
    third = post_in_state(Post.Status.REGISTRATION, unit=other_unit, campaign=campaign, max_age=None)
    Post.objects.filter(pk=third.pk).update(round=reg_post.round)
    new = registration.application_switch(application_id=applied.pk, new_post_id=third.pk, by=candidate)
    assert Application.objects.filter(person=person, status__in=registration.OPEN_STATUSES).count() == 2
    campaign.posts_per_candidate_per_round = 1
    campaign.save()
    with pytest.raises(registration.RegistrationError, match="at most 1"):
        registration.application_switch(application_id=new.pk, new_post_id=reg_post.pk, by=candidate)
    assert unchanged(new)


def test_a_switch_to_a_post_whose_requirements_he_misses_is_refused_and_the_original_stays(
    candidate, person, applied, second_post
):
    Post.objects.filter(pk=second_post.pk).update(min_education=Education.DOCTORATE)
    with pytest.raises(registration.RegistrationError, match="requirements"):
        registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=candidate)
    assert unchanged(applied)
    assert not Application.objects.filter(post=second_post).exists()


def test_a_switch_after_the_window_is_refused(candidate, person, applied, second_post):
    close_window(applied.post)
    with pytest.raises(registration.RegistrationError, match="until the registration deadline"):
        registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=candidate)
    assert unchanged(applied)


def test_a_switch_while_paused_is_refused(office, candidate, person, applied, second_post):
    control.round_pause(round_id=applied.round_id, by=office, reason="暂停报名")
    with pytest.raises(registration.RegistrationError, match="暂停报名"):
        registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=candidate)
    assert unchanged(applied)


def test_a_switch_to_a_post_already_applied_to_or_the_same_post_or_another_round_is_refused(
    candidate, person, applied, reg_post, second_post, other_unit
):
    with pytest.raises(registration.RegistrationError, match="the post you have applied to"):
        registration.application_switch(application_id=applied.pk, new_post_id=reg_post.pk, by=candidate)
    elsewhere = post_in_state(Post.Status.REGISTRATION, unit=other_unit, max_age=None)
    with pytest.raises(registration.RegistrationError, match="same round"):
        registration.application_switch(application_id=applied.pk, new_post_id=elsewhere.pk, by=candidate)
    campaign = reg_post.campaign
    campaign.posts_per_candidate_per_round = 2
    campaign.save()
    registration.application_submit(post_id=second_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError, match="already applied"):
        registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=candidate)
    assert unchanged(applied)


def test_only_the_owner_switches(other_candidate, applied, second_post):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        registration.application_switch(application_id=applied.pk, new_post_id=second_post.pk, by=other_candidate)
    assert unchanged(applied)


def test_the_switch_page_lists_only_the_posts_he_may_switch_to(client, candidate, person, applied, second_post, other_unit):
    barred = post_in_state(Post.Status.REGISTRATION, unit=other_unit, campaign=applied.post.campaign, max_age=None,
                           min_education=Education.DOCTORATE)
    Post.objects.filter(pk=barred.pk).update(round=applied.round)
    client.force_login(candidate)
    page = client.get(f"/candidate/applications/{applied.pk}/switch/").content.decode()
    assert f'value="{second_post.pk}"' in page
    assert f'value="{barred.pk}"' not in page and f'value="{applied.post_id}"' not in page
    response = client.post(f"/candidate/applications/{applied.pk}/switch/", {"post": second_post.pk})
    assert response.status_code == 302 and response["Location"] == "/candidate/applications/"
    assert Application.objects.get(post=second_post).status == Application.Status.SUBMITTED


def test_the_switch_page_is_the_owners_only(client, other_candidate, applied, second_post):
    url = f"/candidate/applications/{applied.pk}/switch/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(other_candidate)
    assert client.get(url).status_code == 404
    assert client.post(url, {"post": second_post.pk}).status_code == 404
    assert unchanged(applied)


def test_a_refused_switch_on_the_page_shows_why_and_keeps_the_application(client, candidate, person, applied, second_post):
    close_window(applied.post)
    client.force_login(candidate)
    response = client.post(f"/candidate/applications/{applied.pk}/switch/", {"post": second_post.pk}, follow=True)
    assert "no post you can switch to" in response.content.decode() or "没有可以改报" in response.content.decode()
    assert unchanged(applied)
