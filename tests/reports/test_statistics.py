import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.statistics import campaign_statistics
from tests.factories import ApplicationFactory, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_it_counts_posts_released_once_per_offering_and_only_after_announcement(known_campaign):
    stats = campaign_statistics(known_campaign.campaign)
    # P1, P2 (re-release of P2a), P3, P4; the draft and the cancelled post are not released.
    assert stats["posts_released"] == 4
    assert stats["units_releasing_posts"] == 2
    assert stats["leadership_quota"] == 16
    assert stats["posts_share_of_quota"] == 0.25
    assert stats["appointed"] == 3
    assert stats["in_progress"] == 1
    assert stats["in_progress_by_step"] == {"inspection": 1}
    assert stats["moved_to_internal"] == 1
    assert stats["failed"] == 0


def test_it_counts_registrations_sessions_and_interviews(known_campaign):
    stats = campaign_statistics(known_campaign.campaign)
    assert stats["registrations"] == 11  # the cancelled post's application is left out
    assert stats["interview_sessions"] == 2
    assert stats["interviewed"] == 6  # the absent candidate is not counted
    assert stats["registrations_per_post"] == 2.75
    assert stats["most_contested_post"] == {
        "unit": known_campaign.a.name,
        "post": known_campaign.posts[0].title,
        "registrations": 4,
    }
    assert stats["outside_unit_registrations"] == 4
    assert stats["outside_unit_share"] == 0.364


def test_a_candidate_who_failed_and_applied_again_is_a_repeat_candidate(known_campaign):
    stats = campaign_statistics(known_campaign.campaign)
    assert stats["repeat_candidates"] == 1
    assert stats["repeat_candidates_appointed"] == 1


def test_it_describes_the_appointees(known_campaign):
    a = campaign_statistics(known_campaign.campaign)["appointees"]
    assert a == {
        "count": 3,
        "average_age": 31.7,  # 30, 39 (birthday the day after the decision), 26
        "under_35": 2,
        "under_35_share": 0.667,
        "youngest_age": 26,
        "women": 1,
        "women_share": 0.333,
        "junior_college": 1,
        "junior_college_share": 0.333,
        "bachelor_or_above": 2,
        "bachelor_or_above_share": 0.667,
        "promoted": 2,
        "promoted_from_deputy": 1,
        "promoted_from_non_leadership": 0,
        "exceptional_promotions": 1,
        "exchanged_within_unit": 1,
        "exchanged_across_units": 0,
    }


def test_it_compares_the_section_chiefs_before_and_after(known_campaign):
    cohort = campaign_statistics(known_campaign.campaign)["cohort"]
    assert cohort["before"] == {"on": "2024-01-01", "count": 2, "average_age": 46.5, "bachelor_or_above_share": 0.5}
    assert cohort["after"] == {"on": "2024-06-30", "count": 3, "average_age": 31.7, "bachelor_or_above_share": 0.667}


def test_a_unit_sees_its_own_part(known_campaign):
    stats = campaign_statistics(known_campaign.campaign, known_campaign.a)
    assert stats["posts_released"] == 2
    assert stats["registrations"] == 6
    assert stats["appointed"] == 2
    assert stats["posts_share_of_quota"] == 0.25
    assert stats["interview_sessions"] == 2
    assert stats["cohort"]["after"]["count"] == 2


def test_an_empty_campaign_has_no_shares_and_no_after_cohort(campaign):
    stats = campaign_statistics(campaign)
    assert stats["posts_released"] == 0
    assert stats["registrations_per_post"] is None
    assert stats["most_contested_post"] is None
    assert stats["appointees"]["average_age"] is None
    assert stats["cohort"]["after"] is None


def test_the_number_of_queries_does_not_grow_with_the_data(known_campaign):
    with CaptureQueriesContext(connection) as before:
        campaign_statistics(known_campaign.campaign)
    unit = known_campaign.a
    for _ in range(5):
        post = PostFactory(campaign=known_campaign.campaign, unit=unit, round=known_campaign.posts[0].round, status="appointed")
        for _ in range(3):
            ApplicationFactory(post=post, person=PersonFactory(current_unit=unit), outcome="appointed")
    with CaptureQueriesContext(connection) as after:
        stats = campaign_statistics(known_campaign.campaign)
    assert stats["appointed"] == 3 + 15
    assert len(after) == len(before)
