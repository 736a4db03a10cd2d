"""The office's actions on a campaign's posts from its pages: announcing the accepted posts together, setting a
post's round, and the post page's named actions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competition.models import Post, Round
from tests.factories import RoundFactory, post_in_state

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_office_announces_every_accepted_post_of_a_campaign_at_once(client, office, campaign):
    posts = [post_in_state(Post.Status.ACCEPTED, campaign=campaign) for _ in range(2)]
    client.force_login(office)
    response = client.post(reverse("competition:campaign_announce", args=[campaign.pk]), follow=True)
    assert "2 posts announced." in messages_of(response)
    assert {p.status for p in Post.objects.filter(pk__in=[p.pk for p in posts])} == {Post.Status.ANNOUNCED}


def test_announcing_is_all_or_none(client, office, campaign):
    ready = post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    late = post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    Round.objects.filter(pk=late.round_id).update(registration_closes=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(office)
    response = client.post(reverse("competition:campaign_announce", args=[campaign.pk]), follow=True)
    assert any(message.startswith("Nothing was announced:") for message in messages_of(response))
    assert set(Post.objects.filter(pk__in=[ready.pk, late.pk]).values_list("status", flat=True)) == {Post.Status.ACCEPTED}


def test_the_office_sets_a_round_until_the_post_is_announced(client, office, campaign):
    post = post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    second = RoundFactory(campaign=campaign)
    client.force_login(office)
    url = reverse("competition:post_assign_round", args=[post.pk])
    assert "Round set." in messages_of(client.post(url, {"round": second.pk}, follow=True))
    post.refresh_from_db()
    assert post.round == second
    client.post(reverse("competition:post_action", args=[post.pk]), {"action": "announce"})
    response = client.post(url, {"round": post.campaign.rounds.exclude(pk=second.pk).get().pk}, follow=True)
    assert "A round can be set only before the post is announced." in messages_of(response)
    post.refresh_from_db()
    assert post.round == second and post.status == Post.Status.ANNOUNCED


def test_the_post_page_says_where_an_action_took_the_post_and_knows_no_other_actions(client, secretary, unit, campaign):
    draft = post_in_state(Post.Status.DRAFT, unit=unit, campaign=campaign)
    client.force_login(secretary)
    response = client.post(reverse("competition:post_action", args=[draft.pk]), {"action": "submit"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == Post.Status.RELEASED
    assert f"The post is now “{draft.get_status_display()}”." in messages_of(response)
    assert client.post(reverse("competition:post_action", args=[draft.pk]), {"action": "appoint"}).status_code == 404
