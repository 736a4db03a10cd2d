"""The decision (competition) starts the term (tenure) through a signal, inside the decision's transaction."""

import pytest

from competition.decision import services as decisions
from competition.models import Application, Decision, Post
from tenure.models import Term
from tests.competition.stages import at_decision, decide

pytestmark = pytest.mark.django_db


def test_a_term_that_cannot_start_takes_the_decision_back_with_it(monkeypatch, unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)

    def refuse(**kwargs):
        raise RuntimeError("no term today")

    monkeypatch.setattr("tenure.receivers.term_start_from_decision", refuse)
    with pytest.raises(RuntimeError, match="no term today"):
        decide(post, secretary, present_agree=5)
    post.refresh_from_db()
    candidate.refresh_from_db()
    assert post.status == Post.Status.DECISION
    assert candidate.outcome == Application.Outcome.IN_PROGRESS
    assert not Decision.objects.filter(post=post).exists() and not Term.objects.filter(post=post).exists()


def test_a_failed_decision_starts_no_term(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    decide(post, secretary, present_disagree=5)
    assert not Term.objects.filter(post=post).exists()
