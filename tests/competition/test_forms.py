"""Bad input gets a clear message in the form, and nothing is saved."""

import pytest
from django.urls import reverse

from competition.models import Campaign, Post, Round

pytestmark = pytest.mark.django_db

# A valid campaign form with the DOMAIN.md defaults; each test changes what it is about.
CAMPAIGN = {
    "kind": "unified", "start_date": "2026-11-01", "min_qualified_applicants": 3, "posts_per_candidate_per_round": 1,
    "examiners_per_session": 5, "trim_each_end": 1, "written_exam_weight": 0, "interview_weight": 100, "evaluation_weight": 0, "tie_rule": "interview", "advance_count": 2, "interview_ratio": 3, "inspection_extra": 0,
    "evaluation_turnout_numerator": 2, "evaluation_turnout_denominator": 3, "evaluation_pass_numerator": 1,
    "evaluation_pass_denominator": 2, "publicity_working_days": 5, "too_few_action": "internal",
    "max_substitutions": 2,
}  # fmt: skip


def test_a_maximum_age_of_10_is_refused_with_a_clear_message(client, secretary, campaign):
    client.force_login(secretary)
    response = client.post(
        reverse("competition:post_create", args=[campaign.pk]),
        {"unit": secretary.secretary_of_id, "title": "综治办主任", "places": 1, "level": "section",
         "min_education": "bachelor", "max_age": 10, "min_leadership_level": "deputy_section", "min_grade": "clerk_2", "min_years_in_rank": 0},
    )
    assert response.status_code == 200
    assert "A maximum age below 25" in response.content.decode()
    assert not Post.objects.exists()


def test_a_window_that_ends_before_it_starts_is_refused(client, office, campaign):
    client.force_login(office)
    response = client.post(
        reverse("competition:round_create", args=[campaign.pk]),
        {"number": 1, "registration_opens": "2026-12-10T09:00", "registration_closes": "2026-12-01T17:00"},
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()
    assert not Round.objects.exists()


def test_an_even_number_of_examiners_is_refused(client, office):
    client.force_login(office)
    response = client.post(
        reverse("competition:campaign_create"),
        {**CAMPAIGN, "name": "测试", "examiners_per_session": 6},
    )
    assert response.status_code == 200
    assert "odd and at least 5" in response.content.decode()
    assert not Campaign.objects.exists()


def test_an_internal_campaign_needs_its_unit(client, office):
    client.force_login(office)
    response = client.post(
        reverse("competition:campaign_create"),
        {**CAMPAIGN, "name": "内部竞岗", "kind": "internal"},
    )
    assert "belongs to one unit" in response.content.decode()
    assert not Campaign.objects.exists()


def test_a_secretary_drafts_a_post_for_their_own_unit_only(client, secretary, other_unit, campaign):
    client.force_login(secretary)
    data = {"unit": other_unit.pk, "title": "预算科科长", "places": 1, "level": "section",
            "min_education": "bachelor", "max_age": 45, "min_leadership_level": "deputy_section", "min_grade": "clerk_2", "min_years_in_rank": 0}
    response = client.post(reverse("competition:post_create", args=[campaign.pk]), data)
    assert response.status_code == 200 and not Post.objects.exists()
    data["unit"] = secretary.secretary_of_id
    response = client.post(reverse("competition:post_create", args=[campaign.pk]), data)
    post = Post.objects.get()
    assert response.status_code == 302
    assert post.unit == secretary.secretary_of and post.position.title == "预算科科长"
    assert post.status == Post.Status.DRAFT
