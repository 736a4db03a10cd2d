"""The appointment formalities (competition) start the term (tenure) through a signal, inside their transaction."""

import pytest

from competition.decision import services as decisions
from competition.models import Application, Decision, Formalities, Post
from tenure.models import Term
from tests.competition.stages import appoint, at_decision, complete_formalities, decide

pytestmark = pytest.mark.django_db


def test_a_term_that_cannot_start_takes_the_formalities_completion_back_with_it(monkeypatch, unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    decision = decide(post, secretary, present_agree=5)

    def refuse(**kwargs):
        raise RuntimeError("no term today")

    monkeypatch.setattr("tenure.receivers.term_start_on_appointment", refuse)
    with pytest.raises(RuntimeError, match="no term today"):
        complete_formalities(decision, secretary)
    candidate.refresh_from_db()
    assert candidate.outcome == Application.Outcome.APPOINTED
    assert Decision.objects.filter(post=post).exists() and not Term.objects.filter(post=post).exists()
    assert not Formalities.objects.filter(decision=decision, completed_at__isnull=False).exists()


def test_a_failed_decision_starts_no_term(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    decide(post, secretary, present_disagree=5)
    assert not Term.objects.filter(post=post).exists()


def test_the_posts_term_goals_become_the_appointees_term_goals(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    Post.objects.filter(pk=post.pk).update(term_goals="1. 辖区重大矛盾纠纷化解率达到95%以上\n\n2、2026年建成综治中心\n（3）1.5倍于现有网格员")
    appoint(post, secretary, present_agree=5)
    term = Term.objects.get(post=post)
    assert list(term.goals.values_list("goal", flat=True)) == [
        "辖区重大矛盾纠纷化解率达到95%以上",
        "2026年建成综治中心",
        "1.5倍于现有网格员",
    ]


def test_the_unit_roster_counts_the_new_appointee_among_those_serving(client, unit, office, secretary):
    from django.urls import reverse

    post = at_decision(unit, office, secretary)
    # A deputy-level post: listed on the roster, and counted as serving though not against the section-chief quota.
    post.position.level = "deputy_section"
    post.position.save(update_fields=["level"])
    appoint(post, secretary, present_agree=5)
    client.force_login(secretary)
    response = client.get(reverse("tenure:roster", args=[unit.pk]))
    listed = [term for term, _flags in response.context["terms"]]
    assert [term.person for term in listed] == [Term.objects.get(post=post).person]
    assert response.context["serving"] == len(listed) == 1
    assert response.context["chiefs"] == 0
