"""Posts with several places: N chosen candidates through inspection, one notice, a vote each, a term each."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from competition import workflow
from competition.decision import services as decisions
from competition.inspection import services as inspections
from competition.models import Application, Decision, Inspection, Person, Post, Publicity
from competition.publicity import services as publicity
from competition.publicity.selectors import notice_context, notices_on_show
from tenure.models import Term
from tests.competition.stages import (
    at_inspection_with_places,
    complete_formalities,
    decide_on,
    inspect,
    roster_votes,
    through_publicity,
)

pytestmark = pytest.mark.django_db

O = Application.Outcome


def _ranked(post):
    return list(Application.objects.filter(post=post).order_by("interview_rank"))


def test_the_best_ranked_are_chosen_one_per_place_and_inspected_before_a_single_notice(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2, advancing=3)
    first, second, third = _ranked(post)
    assert [a.chosen for a in _ranked(post)] == [True, True, False]
    assert inspections.next_inspection_candidate(post) == first
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION  # the second chosen candidate is still to be inspected
    assert inspections.next_inspection_candidate(post) == second
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    rows = list(Publicity.objects.filter(post=post).order_by("pk"))
    assert [r.application for r in rows] == [first, second]
    assert {r.notice_no for r in rows} == {1}
    assert not Publicity.objects.filter(application=third).exists()


def test_one_notice_lists_every_candidate_with_particulars_fixed_at_approval(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2)
    inspect(post, office)
    inspect(post, office)
    first, second, _third = _ranked(post)
    notice = Publicity.objects.filter(post=post).order_by("pk").first()
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    rows = list(Publicity.objects.filter(post=post).order_by("pk"))
    assert {r.status for r in rows} == {Publicity.Status.PUBLISHED}
    assert len({(r.start_date, r.end_date) for r in rows}) == 1
    assert [r.particulars["name"] for r in rows] == [first.person.name, second.person.name]
    # A later edit of a profile changes nothing published.
    Person.objects.filter(pk=second.person_id).update(name="改名后")
    context = notice_context(rows[0], timezone.localdate())
    assert [c["name"] for c in context["doc"]["candidates"]] == [first.person.name, second.person.name]
    on_show = notices_on_show(rows[0].start_date)
    assert len(on_show) == 1 and second.person.name in on_show[0]["names"]
    # Approving again is refused: the notice is one, already published.
    with pytest.raises(workflow.WorkflowError):
        publicity.publicity_approve(publicity_id=rows[1].pk, by=secretary)


def test_the_post_is_appointed_when_its_places_are_filled_and_only_then_are_the_others_not_appointed(
    unit, office, secretary
):
    post = at_inspection_with_places(unit, office, places=2)
    inspect(post, office)
    inspect(post, office)
    through_publicity(post, secretary)
    assert post.status == Post.Status.DECISION
    first, second, third = _ranked(post)
    assert decisions.decision_candidates(post) == [first, second]
    with pytest.raises(workflow.WorkflowError, match="Choose the candidate"):
        decisions.decision_record(
            post_id=post.pk, meeting_date=timezone.localdate(), votes=roster_votes(post.unit, ["agree"]),
            by=secretary,
        )  # fmt: skip
    one = decide_on(post, second, secretary, present_agree=5)
    assert (one.result, one.place_no, one.places) == (Decision.Result.PASSED, 1, 2)
    post.refresh_from_db()
    third.refresh_from_db()
    assert post.status == Post.Status.DECISION
    assert third.outcome == O.IN_PROGRESS  # not ended before the post is
    assert not Term.objects.filter(post=post).exists()  # the term waits for the appointment formalities
    complete_formalities(one, secretary)
    assert Term.objects.filter(post=post, person=second.person).exists()
    two = decide_on(post, first, secretary, present_agree=5)
    complete_formalities(two, secretary)
    assert two.place_no == 2
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED
    assert [a.outcome for a in _ranked(post)] == [O.APPOINTED, O.APPOINTED, O.NOT_APPOINTED]
    assert Term.objects.filter(post=post).count() == 2


def test_the_database_refuses_a_pass_beyond_the_places_or_on_a_place_taken(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2)
    first, second, third = _ranked(post)
    common = {"post": post, "meeting_date": datetime.date(2026, 3, 1), "members_total": 5, "present": 5, "agree": 5,
              "result": Decision.Result.PASSED, "places": 2}  # fmt: skip
    Decision.objects.create(application=first, place_no=1, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(application=second, place_no=1, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(application=second, place_no=3, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(application=second, place_no=None, **common)
    Decision.objects.create(application=second, place_no=2, **common)
    assert Decision.objects.filter(post=post, result=Decision.Result.PASSED).count() == 2


def test_the_office_closes_a_post_with_fewer_appointees_and_a_reason(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2)
    with pytest.raises(workflow.WorkflowError, match="Nobody has been appointed"):
        decisions.post_close_with_fewer(post_id=post.pk, reason="无合适人选", by=office)
    inspect(post, office)
    inspect(post, office)
    through_publicity(post, secretary)
    first, second, third = _ranked(post)
    decide_on(post, first, secretary, present_agree=5)
    decide_on(post, second, secretary, present_disagree=5)
    post.refresh_from_db()
    assert post.status == Post.Status.DECISION
    with pytest.raises(workflow.WorkflowError, match="reason"):
        decisions.post_close_with_fewer(post_id=post.pk, reason=" ", by=office)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        decisions.post_close_with_fewer(post_id=post.pk, reason="无合适人选", by=secretary)
    decisions.post_close_with_fewer(post_id=post.pk, reason="另一职数暂缓任用", by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED
    entry = StateLog.objects.for_(post).filter(transition="close_with_fewer").get()
    assert entry.description == "另一职数暂缓任用" and entry.by == office
    assert [a.outcome for a in _ranked(post)] == [O.APPOINTED, O.DECISION_FAILED, O.NOT_APPOINTED]


def test_a_candidate_stopped_by_an_objection_leaves_the_others_on_their_way(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2)
    inspect(post, office)
    inspect(post, office, Inspection.Conclusion.PASS)
    first, second, _third = _ranked(post)
    rows = list(Publicity.objects.filter(post=post).order_by("pk"))
    publicity.publicity_approve(publicity_id=rows[0].pk, by=secretary)
    objection = publicity.objection_file(publicity_id=rows[1].pk, name="", contact="电话", text="反映问题")
    rows[0].refresh_from_db()
    publicity.publicity_end_due(today=rows[0].end_date + datetime.timedelta(days=1))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY  # the objection to the second keeps the post here
    publicity.objection_investigate(objection_id=objection.pk, investigation="属实", result="substantiated", by=office)
    post.refresh_from_db()
    second.refresh_from_db()
    assert second.outcome == O.PUBLICITY_FAILED
    assert post.status == Post.Status.DECISION
    assert decisions.decision_candidates(post) == [first]
