"""Shortlist ratios (差额, competition.shortlists): the line at each stage as a ratio to the places, ties at the line
shown and never split silently, fewer candidates than the ratio, and the steps (interview → evaluation, evaluation →
inspection, the places) following the rule."""

from decimal import Decimal

import pytest
from django.urls import reverse

from competition import shortlists
from competition.evaluation import services as evaluations
from competition.inspection import services as inspections
from competition.interviews import scoring
from competition.models import Campaign, Post, Rating
from competition.ranking import post_rerank
from tests.competition.stages import at_evaluation, inspect, vote_all

D = Decimal


def line(ranks, limit):
    """Cut rows given as their ranks (1, 2, 2, 4 …; None: unranked); the rows are their indexes."""
    result = shortlists.cut(list(range(len(ranks))), limit, lambda i: ranks[i])
    return result.inside, result.tied, result.outside


def test_the_line_falls_after_the_limit():
    assert line([1, 2, 3, 4, 5], 3) == ([0, 1, 2], [], [3, 4])


def test_a_group_tied_across_the_line_is_listed_as_tied_and_goes_on_whole():
    inside, tied, outside = line([1, 2, 3, 3, 5], 3)
    assert (inside, tied, outside) == ([0, 1], [2, 3], [4])
    cut = shortlists.cut(list(range(5)), 3, lambda i: [1, 2, 3, 3, 5][i])
    assert cut.tie_at_line and cut.goes_on == [0, 1, 2, 3]


def test_a_tie_ending_exactly_at_the_line_is_no_tie_at_the_line():
    assert line([1, 2, 2, 4], 3) == ([0, 1, 2], [], [3])


def test_a_tie_at_the_first_place_with_one_place_is_shown():
    assert line([1, 1, 3], 1) == ([], [0, 1], [2])


def test_with_fewer_candidates_than_the_ratio_all_ranked_go_on_and_the_unranked_never():
    assert line([1, 2, None], 6) == ([0, 1], [], [2])
    assert line([], 3) == ([], [], [])


@pytest.mark.django_db
def test_the_limits_are_ratios_to_the_places(unit):
    post = at_evaluation(unit)
    post.places = 2
    campaign = post.campaign
    assert (shortlists.interview_limit(post), shortlists.evaluation_limit(post), shortlists.inspection_limit(post)) == (
        6, 4, 2,
    )  # fmt: skip
    campaign.interview_ratio, campaign.advance_count, campaign.inspection_extra = 2, 3, 1
    assert (shortlists.interview_limit(post), shortlists.evaluation_limit(post), shortlists.inspection_limit(post)) == (
        4, 6, 3,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_rules_page_shows_the_default_ratios(client, office, unit):
    post = at_evaluation(unit)
    client.force_login(office)
    page = client.get(reverse("competition:campaign_detail", args=[post.campaign_id])).content.decode()
    section = page.split('data-testid="rule-shortlists">')[1].split("</span>")[0]
    assert "1:3" in section and "1:2" in section and "+ 0" in section


# --- After the evaluation: the places' line and the inspection's shortlist ------------------------------------------


def evaluated(unit, office, parts, *, places=1, inspection_extra=0, tie_rule=Campaign.TieRule.INTERVIEW_FIRST):
    """A post whose candidates (interview, written) all passed the evaluation; returns it at inspection."""
    post = at_evaluation(unit, advancing=len(parts))
    Campaign.objects.filter(pk=post.campaign_id).update(
        written_exam_weight=50, interview_weight=50, inspection_extra=inspection_extra, tie_rule=tie_rule
    )
    Post.objects.filter(pk=post.pk).update(places=places)
    post.refresh_from_db()
    for application, (interview, written) in zip(post.applications.order_by("pk"), parts):
        application.interview_score, application.written_score = D(interview), D(written)
        application.save()
    post_rerank(post)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=post.created_at.date(), by=office)
    vote_all(evaluation, [[Rating.EXCELLENT] * len(parts)] * 3)
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    return post


@pytest.mark.django_db
def test_inspection_at_places_plus_one_inspects_the_next_ranked_too(unit, office):
    post = evaluated(unit, office, [("90", "90"), ("80", "80"), ("70", "70")], inspection_extra=1)
    first, second, third = post.applications.order_by("combined_rank")
    assert list(post.applications.filter(chosen=True)) == [first]
    assert [a.pk for a in inspections.to_inspect(post)] == [first.pk, second.pk]
    inspect(post, office)
    assert inspections.next_inspection_candidate(post) == second
    inspect(post, office)
    post.refresh_from_db()
    # Only the chosen goes to publicity; the second was inspected as the 差额 and is ready to move up.
    assert post.status == Post.Status.PUBLICITY
    assert list(post.publicities.values_list("application", flat=True)) == [first.pk]
    assert third.inspections.count() == 0


@pytest.mark.django_db
def test_a_tie_at_the_places_line_chooses_nobody_of_the_group_until_an_extra_interview(client, unit, office):
    # 85/75 and 75/85 under "an extra interview decides": both 80.00, tied at the one place.
    post = evaluated(
        unit, office, [("85", "75"), ("75", "85"), ("60", "60")], tie_rule=Campaign.TieRule.EXTRA_INTERVIEW
    )
    first, second, third = post.applications.order_by("pk")
    assert (first.combined_rank, second.combined_rank) == (1, 1)
    assert not post.applications.filter(chosen=True).exists()
    assert inspections.tie_waiting(post) == [first, second]
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert 'data-testid="places-tie"' in page and 'data-testid="extra-interview-form"' in page
    # Both tied are on the inspection's shortlist and are inspected; neither goes on alone.
    inspect(post, office)
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION and third.inspections.count() == 0
    scoring.extra_interview_record(application_id=first.pk, value="70", reason="加试", by=office)
    scoring.extra_interview_record(application_id=second.pk, value="88", reason="加试", by=office)
    post.refresh_from_db()
    assert list(post.applications.filter(chosen=True)) == [second]
    assert post.status == Post.Status.PUBLICITY


@pytest.mark.django_db
def test_the_tie_rule_breaks_a_tie_at_the_line_without_an_extra_interview(unit, office):
    post = evaluated(unit, office, [("75", "85"), ("85", "75"), ("60", "60")])  # interview first: the second wins
    first, second, _third = post.applications.order_by("pk")
    assert list(post.applications.filter(chosen=True)) == [second]
    assert inspections.tie_waiting(post) == []


@pytest.mark.django_db
def test_with_fewer_candidates_than_the_places_all_are_chosen(unit, office):
    post = evaluated(unit, office, [("90", "90"), ("80", "80")], places=3, inspection_extra=1)
    assert post.applications.filter(chosen=True).count() == 2
    assert inspections.tie_waiting(post) == []
