"""Re-release that happens (issue 16.5): a post that ended with 本轮未产生人选 is offered again by the office, in a later
round of its campaign or in the next campaign, its requirements copied and editable, its former applicants told."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from competition import workflow
from competition.models import Application, Post
from competition.release import services as release
from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    CandidateUserFactory,
    ClosedRoundFactory,
    RoundFactory,
    post_in_state,
)
from tests.markers import needs_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(unit, campaign):
    """A post of round 1 that ended without an appointee, with an applicant who has an account and one who withdrew."""
    post = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=40, duties="综合治理")
    ApplicationFactory(post=post, round=post.round, person=CandidateUserFactory(username="applied").person)
    ApplicationFactory(post=post, round=post.round, person=CandidateUserFactory(username="withdrew").person,
                       status=Application.Status.WITHDRAWN)
    workflow.post_fail(post_id=post.pk, by=None, reason="无合适人选")
    post.refresh_from_db()
    return post


def later_round(campaign):
    last = campaign.rounds.order_by("-number").first()
    return RoundFactory(campaign=campaign, number=last.number + 1 if last else 1)


def test_the_office_re_releases_a_failed_post_in_a_later_round_with_its_requirements_and_both_links(
    office, failed, campaign
):
    round_2 = later_round(campaign)
    again = release.post_rerelease(post_id=failed.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=office)
    assert again.status == Post.Status.DRAFT and again.round == round_2 and again.campaign == campaign
    assert (again.position, again.max_age, again.duties, again.places) == (failed.position, 40, "综合治理", failed.places)
    assert again.rereleased_from == failed and list(failed.rereleases.all()) == [again]
    failed.refresh_from_db()
    assert failed.status == Post.Status.FAILED and failed.applications.count() == 2  # the original is as it was
    told = Notification.objects.filter(kind="post_rereleased")
    assert [n.recipient.username for n in told] == ["applied"]  # the one who withdrew is not told
    assert f"round {round_2.number}" in told.get().body


def test_a_failed_post_goes_into_the_next_campaign_and_its_requirements_can_be_edited_there(office, failed):
    following = CampaignFactory(name="2005年统一竞岗")
    again = release.post_rerelease(post_id=failed.pk, campaign_id=following.pk, by=office)
    assert again.campaign == following and again.round is None
    release.post_update(post_id=again.pk, by=office, max_age=45, min_years_in_rank=2)
    again.refresh_from_db()
    failed.refresh_from_db()
    assert (again.max_age, again.min_years_in_rank) == (45, 2)
    assert failed.max_age == 40  # the original's requirements stay as they were announced


def test_the_re_released_draft_goes_through_the_workflow_and_takes_applications(office, secretary, failed, campaign):
    round_2 = later_round(campaign)
    again = release.post_rerelease(post_id=failed.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=office)
    workflow.post_submit(post_id=again.pk, by=secretary)
    workflow.post_accept(post_id=again.pk, by=office)
    workflow.post_announce(post_id=again.pk, by=office)
    assert workflow.post_open_registration(post_id=again.pk, by=office).status == Post.Status.REGISTRATION


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda post, campaign: {"campaign_id": campaign.pk}, "later round"),
        (lambda post, campaign: {"campaign_id": campaign.pk, "round_id": post.round_id}, "later round"),
        (lambda post, campaign: {"campaign_id": campaign.pk, "round_id": RoundFactory(number=5).pk}, "Choose a round"),
        (lambda post, campaign: {"campaign_id": campaign.pk, "round_id": ClosedRoundFactory(campaign=campaign, number=99).pk},
         "closed"),
        (lambda post, campaign: {"campaign_id": CampaignFactory(kind="internal", unit=_other_unit()).pk}, "own unit"),
    ],
    ids=["same campaign without a round", "the same round", "a round of another campaign", "a closed round",
         "another unit's internal competition"],
)
def test_a_re_release_to_the_wrong_place_is_refused(office, failed, campaign, setup, message):
    with pytest.raises(workflow.WorkflowError, match=message):
        release.post_rerelease(post_id=failed.pk, by=office, **setup(failed, campaign))
    assert not failed.rereleases.exists()


def _other_unit():
    from tests.factories import UnitFactory

    return UnitFactory(name="月浦镇")


def test_only_a_failed_post_is_re_released_only_once_and_only_by_the_office(office, secretary, failed, campaign, unit):
    round_2 = later_round(campaign)
    with pytest.raises(PermissionDenied):
        release.post_rerelease(post_id=failed.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=secretary)
    running = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign)
    with pytest.raises(workflow.WorkflowError, match="ended without an appointee"):
        release.post_rerelease(post_id=running.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=office)
    release.post_rerelease(post_id=failed.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=office)
    with pytest.raises(workflow.WorkflowError, match="already"):
        release.post_rerelease(post_id=failed.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=office)


def test_the_office_re_releases_from_the_post_page_and_both_pages_link_to_each_other(
    client, office, secretary, failed, campaign
):
    round_2 = later_round(campaign)
    url = reverse("competition:post_rerelease", args=[failed.pk])
    client.force_login(secretary)
    assert 'data-testid="rerelease"' not in client.get(reverse("competition:post_detail", args=[failed.pk])).content.decode()
    assert client.post(url, {"campaign": campaign.pk, "round": round_2.pk}).status_code == 403
    client.force_login(office)
    assert 'data-testid="rerelease"' in client.get(reverse("competition:post_detail", args=[failed.pk])).content.decode()
    response = client.post(url, {"campaign": campaign.pk, "round": round_2.pk})
    again = failed.rereleases.get()
    assert response["Location"] == reverse("competition:post_detail", args=[again.pk])
    page = client.get(reverse("competition:post_detail", args=[again.pk])).content.decode()
    assert reverse("competition:post_detail", args=[failed.pk]) in page
    page = client.get(reverse("competition:post_detail", args=[failed.pk])).content.decode()
    assert reverse("competition:post_detail", args=[again.pk]) in page
    assert 'data-testid="rerelease"' not in page  # re-released once


def test_a_refused_re_release_from_the_page_says_why(client, office, failed, campaign):
    client.force_login(office)
    response = client.post(reverse("competition:post_rerelease", args=[failed.pk]), {"campaign": campaign.pk}, follow=True)
    assert "later round" in response.content.decode()
    assert not failed.rereleases.exists()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_re_release_from_two_tabs_at_once_drafts_the_post_once(office, unit):
    campaign = CampaignFactory()
    post = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign)
    workflow.post_fail(post_id=post.pk, by=None, reason="无合适人选")
    round_2 = RoundFactory(campaign=campaign, number=post.round.number + 1,
                           registration_opens=timezone.now() + datetime.timedelta(days=1),
                           registration_closes=timezone.now() + datetime.timedelta(days=8))
    barrier, results = threading.Barrier(2), []

    def rerelease():
        try:
            barrier.wait()
            release.post_rerelease(post_id=post.pk, campaign_id=campaign.pk, round_id=round_2.pk, by=office)
            results.append("ok")
        except workflow.WorkflowError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=rerelease) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert Post.objects.filter(rereleased_from=post).count() == 1
