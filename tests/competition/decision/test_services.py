"""Committee decision: quorum and majority at their edges, the appointment and its term, the office's choices."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from competition import workflow
from competition.decision import services as decisions
from competition.decision import substitutes
from competition.models import Application, CommitteeMember, Decision, DecisionMember, Post
from tenure.models import Term
from tests.competition.stages import at_decision, complete_formalities, decide, inspect, members, roster_votes
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("present", "total", "met"), [(6, 9, True), (5, 9, False), (2, 3, True), (1, 3, False), (5, 7, True), (4, 7, False)]
)
def test_the_quorum_is_two_thirds_of_all_members(present, total, met):
    assert decisions.quorum_met(present, total) is met


@pytest.mark.parametrize(("agree", "total", "passes"), [(5, 9, True), (4, 9, False), (4, 8, False), (5, 8, True), (3, 7, False)])
def test_the_majority_is_more_than_half_of_all_members_and_exactly_half_fails(agree, total, passes):
    assert decisions.majority_reached(agree, total) is passes


def test_a_passing_decision_appoints_the_candidate_and_starts_the_term(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    decision = decide(post, secretary, present_agree=5, present_disagree=1, absent=3)
    assert decision.result == Decision.Result.PASSED
    assert (decision.members_total, decision.present, decision.agree) == (9, 6, 5)
    assert list(decision.members.values_list("vote", flat=True)).count(DecisionMember.Vote.AGREE) == 5
    post.refresh_from_db()
    candidate.refresh_from_db()
    assert post.status == Post.Status.APPOINTED
    assert candidate.outcome == Application.Outcome.APPOINTED and candidate.outcome_on == timezone.localdate()
    assert not Term.objects.filter(post=post).exists()  # not before the appointment formalities
    complete_formalities(decision, secretary)
    term = Term.objects.get(post=post)
    assert term.person == candidate.person and term.start == timezone.localdate()
    assert term.end == post.campaign.unified_term_end
    # The candidate was a deputy section chief: a promotion, with a one-year probation.
    assert term.probation_end == term.start.replace(year=term.start.year + 1)
    assert decision.post.pk == post.pk and Decision.objects.filter(post=post).count() == 1


def test_the_appointment_ends_the_runner_ups_application_as_not_appointed(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    others = list(post.applications.exclude(pk=candidate.pk).filter(outcome=Application.Outcome.IN_PROGRESS))
    assert others, "the set-up leaves a runner-up in the running"
    decide(post, secretary, present_agree=5, absent=1)
    for other in others:
        other.refresh_from_db()
        assert other.outcome == Application.Outcome.NOT_APPOINTED and other.outcome_on == timezone.localdate()
    candidate.refresh_from_db()
    assert candidate.outcome == Application.Outcome.APPOINTED


def test_exactly_half_agreeing_fails_and_leaves_the_office_to_choose(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    decision = decide(post, secretary, present_agree=4, present_disagree=2, present_defer=1, absent=1)
    assert decision.result == Decision.Result.FAILED
    post.refresh_from_db()
    candidate.refresh_from_db()
    assert post.status == Post.Status.DECISION
    assert candidate.outcome == Application.Outcome.DECISION_FAILED
    assert not Term.objects.filter(post=post).exists()
    assert decisions.decision_candidate(post) is None
    # Next candidate: the office confirms the second-ranked in his place, and the post goes back to inspection.
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=candidate.pk, reason="未通过", by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY


def test_a_meeting_below_the_quorum_decides_nothing(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    with pytest.raises(workflow.WorkflowError, match="two thirds"):
        decide(post, secretary, present_agree=5, absent=3)
    assert not Decision.objects.exists()
    decision = decide(post, secretary, present_agree=6, absent=3)
    assert decision.result == Decision.Result.PASSED


def test_every_vote_is_a_real_one_and_only_the_rosters_members_vote(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    votes = roster_votes(unit, members(present_agree=3))
    first = next(iter(votes))
    with pytest.raises(workflow.WorkflowError, match="choose a vote"):
        decisions.decision_record(
            post_id=post.pk, meeting_date=timezone.localdate(), votes={**votes, first: "maybe"}, by=secretary
        )
    stranger = CommitteeMember.objects.create(
        unit=UnitFactory(), name="外单位委员", serving_from=timezone.localdate() - datetime.timedelta(days=30)
    )
    with pytest.raises(workflow.WorkflowError, match="not on the committee"):
        decisions.decision_record(
            post_id=post.pk, meeting_date=timezone.localdate(), votes={**votes, stranger.pk: "agree"}, by=secretary
        )
    with pytest.raises(workflow.WorkflowError, match="future"):
        decisions.decision_record(
            post_id=post.pk, meeting_date=timezone.localdate() + datetime.timedelta(days=1), votes=votes, by=secretary
        )
    assert not Decision.objects.exists()


def test_another_units_secretary_and_a_candidate_cannot_record_a_decision(unit, office, secretary, other_secretary, candidate):
    post = at_decision(unit, office, secretary)
    for user in (other_secretary, candidate):
        with pytest.raises(PermissionDenied):
            decide(post, user, present_agree=3)
    post.refresh_from_db()
    assert post.status == Post.Status.DECISION


def test_rerelease_fails_the_post_and_drafts_it_again(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    decide(post, secretary, present_disagree=3)
    copy = decisions.post_rerelease(post_id=post.pk, by=office, reason="重新推出")
    post.refresh_from_db()
    assert post.status == Post.Status.FAILED
    assert copy.status == Post.Status.DRAFT and copy.rereleased_from == post and copy.position == post.position
    with pytest.raises(PermissionDenied):
        decisions.post_rerelease(post_id=copy.pk, by=secretary, reason="x")
