"""Substitutions (递补): the office confirms the next-ranked in place of a chosen candidate who dropped out."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_fsm_log.models import StateLog

from competition.decision import substitutes
from competition.inspection import services as inspections
from competition.models import Application, Inspection, Post, Publicity, Substitution
from competition.selection import next_substitute
from notifications.models import Notification
from tests.competition.stages import at_inspection_with_places, decide_on, inspect, through_publicity
from tests.factories import CandidateUserFactory

pytestmark = pytest.mark.django_db

O = Application.Outcome


def _ranked(post):
    return list(Application.objects.filter(post=post).order_by("interview_rank"))


def _with_account(application, language=""):
    user = CandidateUserFactory.build(username=f"u{application.pk}", language=language)
    user.save()
    application.person.user = user
    application.person.save(update_fields=["user"])
    return user


def test_a_failed_inspection_waits_for_the_office_and_the_substitute_is_inspected_then_all_go_to_publicity(
    unit, office
):
    post = at_inspection_with_places(unit, office, places=2)
    first, second, third = _ranked(post)
    user = _with_account(third, language="en")
    inspect(post, office)  # first passes
    inspect(post, office, Inspection.Conclusion.FAIL)  # second fails
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION  # a substitute could move up: the office decides
    assert inspections.next_inspection_candidate(post) is None
    assert next_substitute(post) == third
    substitution = substitutes.substitute_confirm(post_id=post.pk, replaced_id=second.pk, reason="考察不合格", by=office)
    assert (substitution.replaced, substitution.substitute, substitution.number, substitution.limit) == (second, third, 1, 2)
    third.refresh_from_db()
    assert third.chosen
    entry = StateLog.objects.for_(post).get(transition="substitute")
    assert third.person.name in entry.description and second.person.name in entry.description
    assert "考察不合格" in entry.description and entry.by == office
    note = Notification.objects.get(recipient=user, kind="substitute_confirmed")
    assert "move up" in note.subject  # rendered in the recipient's language (English)
    assert inspections.next_inspection_candidate(post) == third
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    assert [p.application for p in Publicity.objects.filter(post=post).order_by("pk")] == [first, third]


def test_the_office_may_go_on_to_publicity_without_a_substitute(unit, office):
    post = at_inspection_with_places(unit, office, places=2)
    first, second, _third = _ranked(post)
    inspect(post, office)
    inspect(post, office, Inspection.Conclusion.FAIL)
    inspections.inspection_conclude(post_id=post.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    assert [p.application for p in Publicity.objects.filter(post=post)] == [first]


def test_a_substitution_needs_the_office_a_reason_and_a_candidate_who_dropped_out(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2)
    first, second, third = _ranked(post)
    inspect(post, office, Inspection.Conclusion.FAIL)
    with pytest.raises(PermissionDenied):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=first.pk, reason="理由", by=secretary)
    with pytest.raises(substitutes.SubstitutionRefused, match="reason"):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=first.pk, reason="  ", by=office)
    with pytest.raises(substitutes.SubstitutionRefused, match="not dropped out"):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=second.pk, reason="理由", by=office)
    with pytest.raises(substitutes.SubstitutionRefused, match="not dropped out"):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=third.pk, reason="理由", by=office)
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=first.pk, reason="考察不合格", by=office)
    with pytest.raises(substitutes.SubstitutionRefused, match="replaced already"):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=first.pk, reason="再次", by=office)
    assert Substitution.objects.count() == 1


def test_the_campaigns_limit_of_substitutions_holds(unit, office):
    post = at_inspection_with_places(unit, office, places=1, advancing=3)
    post.campaign.max_substitutions = 1
    post.campaign.save(update_fields=["max_substitutions"])
    first, second, third = _ranked(post)
    inspect(post, office, Inspection.Conclusion.FAIL)
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=first.pk, reason="考察不合格", by=office)
    inspect(post, office, Inspection.Conclusion.FAIL)
    with pytest.raises(substitutes.SubstitutionRefused, match="1 substitution"):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=second.pk, reason="考察不合格", by=office)
    third.refresh_from_db()
    assert not third.chosen and Substitution.objects.filter(post=post).count() == 1


def test_a_candidate_not_passed_by_the_committee_is_replaced_and_the_appointee_keeps_his_place(unit, office, secretary):
    post = at_inspection_with_places(unit, office, places=2)
    first, second, third = _ranked(post)
    inspect(post, office)
    inspect(post, office)
    through_publicity(post, secretary)
    decide_on(post, first, secretary, present_agree=5)
    decide_on(post, second, secretary, present_disagree=5)
    post.refresh_from_db()
    assert post.status == Post.Status.DECISION
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=second.pk, reason="党委未通过", by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    log = StateLog.objects.for_(post).filter(transition="return_to_inspection").get()
    assert third.person.name in log.description and "党委未通过" in log.description
    inspect(post, office)
    through_publicity(post, secretary)
    assert post.status == Post.Status.DECISION
    decision = decide_on(post, third, secretary, present_agree=5)
    assert decision.place_no == 2
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED
    assert [a.outcome for a in _ranked(post)] == [O.APPOINTED, O.DECISION_FAILED, O.APPOINTED]


def test_no_substitution_while_the_posts_notice_is_running(unit, office, secretary):
    from competition.publicity import services as publicity

    post = at_inspection_with_places(unit, office, places=2)
    first, second, _third = _ranked(post)
    inspect(post, office)
    inspect(post, office)
    notice = Publicity.objects.filter(post=post).order_by("pk").first()
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    objection = publicity.objection_file(publicity_id=notice.pk, name="", contact="电话", text="反映")
    publicity.objection_investigate(objection_id=objection.pk, investigation="属实", result="substantiated", by=office)
    with pytest.raises(substitutes.SubstitutionRefused, match="still running"):
        substitutes.substitute_confirm(post_id=post.pk, replaced_id=first.pk, reason="异议属实", by=office)


# --- Who may confirm a substitute (the view) ---


@pytest.fixture
def dropped(unit, office):
    post = at_inspection_with_places(unit, office, places=2)
    first = _ranked(post)[0]
    inspect(post, office, Inspection.Conclusion.FAIL)
    return post, first


@pytest.mark.parametrize(("persona", "status", "made"), [
    ("candidate", 403, False), ("other_secretary", 403, False), ("secretary", 403, False), ("office", 302, True),
])  # fmt: skip
def test_only_the_office_confirms_a_substitute_by_the_page(client, request, dropped, persona, status, made):
    post, first = dropped
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("appointment:substitute_confirm", args=[post.pk]), {"replaced_id": first.pk, "reason": "考察不合格"}
    )
    assert response.status_code == status
    assert Substitution.objects.filter(post=post).exists() is made


def test_the_office_sees_the_substitute_to_confirm_and_a_refusal_is_a_message(client, office, dropped):
    post, first = dropped
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert 'data-testid="substitute-form"' in page and f'value="{first.pk}"' in page
    response = client.post(
        reverse("appointment:substitute_confirm", args=[post.pk]), {"replaced_id": first.pk, "reason": ""}, follow=True
    )
    assert response.status_code == 200 and not Substitution.objects.exists()
