"""The combined score (综合成绩) and the one ranking the later steps use: the arithmetic (two decimals, half up), each
tie rule, the weights' check, the extra interview (加试), and the evaluation, inspection and substitutions following
the combined rank rather than the interview's."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from competition.evaluation import services as evaluations
from competition.inspection import services as inspections
from competition.interviews import scoring
from competition.interviews.rules import InterviewError
from competition.models import Application, Campaign, Post
from competition.ranking import Standing, combined_score, post_rerank, rank_standings, ranked, to_hundredths
from competition.selection import next_substitute
from tests.competition.stages import at_evaluation, vote_all
from tests.factories import CampaignFactory

D = Decimal
TieRule = Campaign.TieRule


def campaign_with(written=0, interview=100, evaluation=0, tie_rule=TieRule.INTERVIEW_FIRST):
    return Campaign(
        written_exam_weight=written, interview_weight=interview, evaluation_weight=evaluation, tie_rule=tie_rule
    )


# --- The arithmetic ------------------------------------------------------------------------------------------


def test_half_a_hundredth_rounds_up():
    assert to_hundredths(D("80.005")) == D("80.01")
    assert to_hundredths(D("80.004999")) == D("80.00")
    assert to_hundredths(D("0.015")) == D("0.02")  # a float would give 0.01 here


def test_the_combined_score_weighs_each_part_and_rounds_half_up_at_the_end():
    campaign = campaign_with(written=50, interview=50)
    # 80.01 × 0.5 + 80.00 × 0.5 = 80.005 → 80.01
    assert combined_score(campaign, written=D("80.01"), interview=D("80.00")) == D("80.01")
    # 40/60: 85.55 × 0.4 + 90.13 × 0.6 = 34.22 + 54.078 = 88.298 → 88.30
    assert combined_score(campaign_with(written=40, interview=60), written=D("85.55"), interview=D("90.13")) == D("88.30")


def test_the_evaluation_counts_where_the_campaign_scores_it():
    campaign = campaign_with(written=30, interview=50, evaluation=20)
    # 70 × 0.3 + 80 × 0.5 + 92.5 × 0.2 = 21 + 40 + 18.5
    assert combined_score(campaign, written=D("70"), interview=D("80"), evaluation=D("92.50")) == D("79.50")
    # Before the evaluation its part counts nothing, for every candidate alike.
    assert combined_score(campaign, written=D("70"), interview=D("80")) == D("61.00")


def test_without_an_interview_score_there_is_no_combined_score_and_a_missing_written_score_counts_zero():
    campaign = campaign_with(written=40, interview=60)
    assert combined_score(campaign, written=D("99"), interview=None) is None
    assert combined_score(campaign, written=None, interview=D("80")) == D("48.00")


def test_the_evaluation_score_is_its_approval_rate_to_two_decimals_half_up():
    assert evaluations.evaluation_score(2, 3) == D("66.67")
    assert evaluations.evaluation_score(1, 8) == D("12.50")
    assert evaluations.evaluation_score(0, 0) == D("0")


# --- The weights ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_weights_that_do_not_make_100_are_refused_by_the_form_rules_and_the_database():
    campaign = CampaignFactory()
    campaign.written_exam_weight, campaign.interview_weight, campaign.evaluation_weight = 40, 50, 0
    with pytest.raises(ValidationError, match="must make 100"):
        campaign.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        campaign.save()
    campaign.interview_weight = 60
    campaign.full_clean()
    campaign.save()


# --- Tie rules -------------------------------------------------------------------------------------------------


def ranks(standings, rule):
    return [(s.key, rank) for s, rank in rank_standings(standings, rule)]


TIED = [
    Standing(key=1, combined=D("85.00"), interview=D("80.00"), written=D("90.00")),
    Standing(key=2, combined=D("85.00"), interview=D("90.00"), written=D("80.00")),
    Standing(key=3, combined=D("90.00"), interview=D("90.00"), written=D("90.00")),
    Standing(key=4, combined=None, written=D("99.00")),
]


def test_the_higher_interview_score_breaks_a_tie_under_the_interview_first_rule():
    assert ranks(TIED, TieRule.INTERVIEW_FIRST) == [(3, 1), (2, 2), (1, 3), (4, None)]


def test_the_higher_written_score_breaks_a_tie_under_the_written_first_rule():
    assert ranks(TIED, TieRule.WRITTEN_FIRST) == [(3, 1), (1, 2), (2, 3), (4, None)]


def test_under_the_extra_interview_rule_a_tie_stays_a_shared_rank_until_the_extra_interview():
    assert ranks(TIED, TieRule.EXTRA_INTERVIEW) == [(3, 1), (1, 2), (2, 2), (4, None)]
    # One extra interview recorded before the other's changes nothing yet; both recorded, it decides.
    one = [TIED[0], Standing(key=2, combined=D("85.00"), extra=D("88.00")), TIED[2]]
    assert ranks(one, TieRule.EXTRA_INTERVIEW) == [(3, 1), (1, 2), (2, 2)]
    both = [Standing(key=1, combined=D("85.00"), extra=D("80.00")), one[1], TIED[2]]
    assert ranks(both, TieRule.EXTRA_INTERVIEW) == [(3, 1), (2, 2), (1, 3)]


def test_equal_in_everything_the_rule_looks_at_the_candidates_share_a_rank_and_the_next_rank_skips():
    same = [Standing(key=k, combined=D("80"), interview=D("80"), written=D("80")) for k in (5, 6)]
    assert ranks([*same, Standing(key=7, combined=D("70"))], TieRule.INTERVIEW_FIRST) == [(5, 1), (6, 1), (7, 3)]
    # The extra interview then breaks it under any rule, equal extra scores too leave the tie.
    extra = [D("70"), D("75")]
    broken = [Standing(key=k, combined=D("80"), interview=D("80"), written=D("80"), extra=e) for k, e in zip((5, 6), extra)]
    assert ranks(broken, TieRule.INTERVIEW_FIRST) == [(6, 1), (5, 2)]
    still = [Standing(key=k, combined=D("80"), extra=D("75")) for k in (5, 6)]
    assert ranks(still, TieRule.INTERVIEW_FIRST) == [(5, 1), (6, 1)]


# --- The steps after the interview follow the combined ranking -----------------------------------------------------


def scored_post(unit, *, evaluation_weight=0, tie_rule=TieRule.INTERVIEW_FIRST):
    """A post at the evaluation whose three candidates' interview ranks say 1, 2, 3 while their combined scores (from
    the stored parts) say otherwise: the third has the best written exam."""
    post = at_evaluation(unit, advancing=3)
    Campaign.objects.filter(pk=post.campaign_id).update(
        written_exam_weight=50, interview_weight=50 - evaluation_weight, evaluation_weight=evaluation_weight,
        tie_rule=tie_rule,
    )  # fmt: skip
    post.refresh_from_db()
    parts = [(D("90"), D("60")), (D("85"), D("70")), (D("80"), D("95"))]  # (interview, written)
    for application, (interview, written) in zip(post.applications.order_by("interview_rank"), parts):
        application.interview_score, application.written_score = interview, written
        application.save()
    post_rerank(post)
    return post


@pytest.mark.django_db
def test_ranked_follows_the_combined_score_not_the_interview_rank(unit):
    post = scored_post(unit)
    order = [(a.interview_rank, a.combined_score, a.combined_rank) for a in ranked(post.applications.all())]
    assert order == [(3, D("87.50"), 1), (2, D("77.50"), 2), (1, D("75.00"), 3)]


@pytest.mark.django_db
def test_the_evaluation_puts_the_candidates_on_the_ballot_in_combined_order(unit, office):
    post = scored_post(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=post.created_at.date(), by=office)
    assert [c.application.interview_rank for c in evaluation.candidates.order_by("order")] == [3, 2, 1]


@pytest.mark.django_db
def test_inspection_chooses_and_substitutes_follow_the_combined_ranking(unit, office):
    from competition.models import Rating

    post = scored_post(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=post.created_at.date(), by=office)
    vote_all(evaluation, [[Rating.EXCELLENT] * 3] * 3)
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    chosen = post.applications.get(chosen=True)
    assert chosen.interview_rank == 3 and chosen.combined_rank == 1
    assert inspections.next_inspection_candidate(post) == chosen
    assert next_substitute(post).combined_rank == 2


@pytest.mark.django_db
def test_a_scored_evaluation_enters_the_combined_score_and_can_change_the_order(unit, office):
    from competition.models import Rating

    post = scored_post(unit, evaluation_weight=30)  # written 50, interview 20, evaluation 30
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=4, date=post.created_at.date(), by=office)
    by_order = {c.application.interview_rank: c for c in evaluation.candidates.all()}
    # Ballot order is the combined order before the evaluation: interview ranks 3, 2, 1.
    E, C, B = Rating.EXCELLENT, Rating.COMPETENT, Rating.BASIC
    vote_all(evaluation, [[B, C, E], [B, C, E], [C, C, E], [C, C, E]])
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    rows = {a.interview_rank: a for a in post.applications.all()}
    assert rows[3].evaluation_score == D("50.00") and rows[1].evaluation_score == D("100.00")
    # rank 1: 60 × 0.5 + 90 × 0.2 + 100 × 0.3 = 78.00; rank 3: 95 × 0.5 + 80 × 0.2 + 50 × 0.3 = 78.50
    assert (rows[1].combined_score, rows[3].combined_score, rows[2].combined_score) == (D("78.00"), D("78.50"), D("82.00"))
    assert [a.interview_rank for a in ranked(post.applications.all())] == [2, 3, 1]
    assert by_order  # the ballot had all three


# --- The extra interview ---------------------------------------------------------------------------------------


@pytest.fixture
def tied_post(unit):
    """Two candidates in the running with equal combined scores the extra-interview rule leaves tied."""
    post = scored_post(unit, tie_rule=TieRule.EXTRA_INTERVIEW)
    first, second, _third = post.applications.order_by("interview_rank")
    first.interview_score, first.written_score = D("80"), D("70")
    second.interview_score, second.written_score = D("70"), D("80")
    first.save()
    second.save()
    post_rerank(post)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.combined_rank == second.combined_rank == 2
    return post


@pytest.mark.django_db
def test_the_office_records_an_extra_interview_that_breaks_the_tie(tied_post, office):
    first, second = tied_post.applications.filter(combined_rank=2).order_by("pk")
    scoring.extra_interview_record(application_id=first.pk, value="81", reason="加试", by=office)
    scoring.extra_interview_record(application_id=second.pk, value="88.5", reason="加试", by=office)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.combined_rank, first.combined_rank) == (2, 3)
    assert second.extra_interview_score == D("88.50")
    from audit.models import AuditEvent

    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.SCORE_CORRECTION).latest("pk")
    assert event.detail["extra_interview"] == second.pk and event.detail["reason"] == "加试"


@pytest.mark.django_db
def test_an_extra_interview_is_refused_without_a_tie_a_reason_or_from_another_role(tied_post, office, secretary):
    from django.core.exceptions import PermissionDenied

    best = tied_post.applications.get(combined_rank=1)
    tied = tied_post.applications.filter(combined_rank=2).first()
    with pytest.raises(InterviewError, match="no tie"):
        scoring.extra_interview_record(application_id=best.pk, value="90", reason="加试", by=office)
    with pytest.raises(InterviewError, match="reason"):
        scoring.extra_interview_record(application_id=tied.pk, value="90", reason=" ", by=office)
    with pytest.raises(InterviewError, match="0 to 100"):
        scoring.extra_interview_record(application_id=tied.pk, value="101", reason="加试", by=office)
    with pytest.raises(PermissionDenied):
        scoring.extra_interview_record(application_id=tied.pk, value="90", reason="加试", by=secretary)
    assert not Application.objects.filter(extra_interview_score__isnull=False).exists()


@pytest.mark.django_db
def test_the_extra_interview_view_is_the_offices_for_an_application_of_that_post(client, tied_post, office, secretary, unit):
    from django.urls import reverse

    tied = tied_post.applications.filter(combined_rank=2).first()
    other_post = at_evaluation(unit)
    url = reverse("interviews:extra_interview", args=[tied_post.pk])
    data = {"application": tied.pk, "value": "90", "reason": "加试"}
    assert client.post(url, data).status_code == 302 and "login" in client.post(url, data).url
    client.force_login(secretary)
    assert client.post(url, data).status_code == 403
    client.force_login(office)
    wrong = reverse("interviews:extra_interview", args=[other_post.pk])
    assert client.post(wrong, data).status_code == 404
    response = client.post(url, {**data, "value": "abc"}, follow=True)
    assert "0 to 100" in response.content.decode() or "0到100" in response.content.decode()
    response = client.post(url, data, follow=True)
    tied.refresh_from_db()
    assert tied.extra_interview_score == D("90") and tied.combined_rank == 2
    page = response.content.decode()
    assert 'data-testid="combined-scores"' in page and "90.00" in page
