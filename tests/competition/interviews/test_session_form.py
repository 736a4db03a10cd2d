""""新建面试场次": the posts offered follow the chosen campaign, without a script, and the server refuses a post of
another campaign (issue 22, defect 8)."""

import pytest
from django.urls import reverse

from competition.models import InterviewSession, Post
from tests.factories import CampaignFactory, post_in_state

pytestmark = pytest.mark.django_db

URL = "/interviews/sessions/new/"


@pytest.fixture
def other_post(other_unit):
    return post_in_state(Post.Status.INTERVIEW, unit=other_unit, campaign=CampaignFactory(name="另一竞岗"), title="另一岗位")


def test_with_two_campaigns_the_office_first_chooses_one_and_sees_only_its_posts(client, office, campaign, interview_post, other_post):
    client.force_login(office)
    first = client.get(URL).content.decode()
    assert 'name="posts"' not in first and "另一竞岗" in first and campaign.name in first
    page = client.get(URL, {"campaign": campaign.pk}).content.decode()
    posts = page.split('name="posts"', 1)[1].split("</select>", 1)[0]
    assert f'value="{interview_post.pk}"' in posts and f'value="{other_post.pk}"' not in posts
    assert "Hold Ctrl" in page and "<script" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_a_post_of_another_campaign_is_refused_by_the_server(client, office, campaign, interview_post, other_post):
    client.force_login(office)
    response = client.post(
        f"{URL}?campaign={campaign.pk}", {"campaign": campaign.pk, "name": "混场", "posts": [interview_post.pk, other_post.pk]}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not InterviewSession.objects.filter(name="混场").exists()


def test_a_campaign_changed_behind_the_form_is_refused(client, office, campaign, interview_post, other_post):
    client.force_login(office)
    response = client.post(
        f"{URL}?campaign={campaign.pk}", {"campaign": other_post.campaign_id, "name": "换场", "posts": [interview_post.pk]}
    )
    assert "choose the posts again" in response.content.decode()
    assert not InterviewSession.objects.filter(name="换场").exists()


def test_with_one_campaign_at_interview_it_is_chosen_for_the_office(client, office, campaign, interview_post):
    client.force_login(office)
    response = client.post(reverse("interviews:session_create"), {"campaign": campaign.pk, "name": "第三场", "posts": [interview_post.pk]})
    assert response.status_code == 302 and InterviewSession.objects.get(name="第三场").campaign == campaign
