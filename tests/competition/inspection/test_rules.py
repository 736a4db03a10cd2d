"""Inspection as the rules describe it: the notice before it starts, several candidates at once, the team from the
pool with its recusals, the checklist before a pass, a fail with its reason leading to a substitute."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from competition.decision import substitutes
from competition.inspection import rules
from competition.inspection import services as inspections
from competition.models import (
    Application,
    FileReviewItem,
    Inspection,
    InspectionNotice,
    InspectionTeamMember,
    Inspector,
    InspectorRelative,
    Post,
    Publicity,
)
from tests.competition.stages import (
    at_inspection,
    at_inspection_with_places,
    complete_checklist,
    inspect,
    inspection_team_pool,
    open_inspection,
)

pytestmark = pytest.mark.django_db

PASS, FAIL = Inspection.Conclusion.PASS, Inspection.Conclusion.FAIL


def publish(post, office, start=None, days=5):
    start = start or timezone.localdate()
    return inspections.inspection_notice_publish(
        post_id=post.pk,
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        contact="电话：12380",
        by=office,
    )


def conclude(inspection, office, conclusion=PASS, fail_reason=""):
    return inspections.inspection_conclusion_record(
        inspection_id=inspection.pk, conclusion=conclusion, findings="德才表现良好", fail_reason=fail_reason, by=office
    )


# --- The notice ---


def test_the_notice_names_every_candidate_to_inspect_with_only_name_and_current_post(unit, office):
    post = at_inspection_with_places(unit, office, places=2, advancing=3)
    first, second, _third = Application.objects.filter(post=post).order_by("interview_rank")
    notice = publish(post, office)
    assert notice.number == 1 and notice.published_on == timezone.localdate()
    assert [row["name"] for row in notice.particulars] == [first.person.name, second.person.name]
    assert set(notice.particulars[0]) == {"name", "unit", "position", "post_unit", "post_title"}
    assert notice.particulars[0]["position"] == first.person.current_position
    published = repr(notice.particulars)
    assert first.person.id_number not in published and first.person.birth_date.isoformat() not in published
    # Each candidate's inspection is open, for the notice's period, and nobody is concluded.
    opened = post.inspections.order_by("pk")
    assert [i.application for i in opened] == [first, second]
    assert {(i.notice_id, i.start_date, i.end_date, i.conclusion) for i in opened} == {
        (notice.pk, notice.start_date, notice.end_date, "")
    }


def test_the_notice_comes_before_the_inspection_and_only_once_per_candidate(unit, office):
    post = at_inspection(unit, office)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(inspections.InspectionRefused, match="cannot start before today"):
        publish(post, office, start=yesterday)
    with pytest.raises(inspections.InspectionRefused, match="how the public may give their views"):
        inspections.inspection_notice_publish(
            post_id=post.pk, start_date=timezone.localdate(), end_date=timezone.localdate(), contact="  ", by=office
        )
    assert not InspectionNotice.objects.exists() and not Inspection.objects.exists()
    publish(post, office)
    with pytest.raises(inspections.InspectionRefused, match="named in a published notice already"):
        publish(post, office)
    assert InspectionNotice.objects.count() == 1


def test_nothing_is_recorded_before_the_period_of_the_notice_starts(unit, office):
    post = at_inspection(unit, office)
    publish(post, office, start=timezone.localdate() + datetime.timedelta(days=2))
    inspection = post.inspections.get()
    inspections.inspection_team_set(post_id=post.pk, inspector_ids=[i.pk for i in inspection_team_pool()], by=office)
    with pytest.raises(inspections.InspectionRefused, match="starts on"):
        complete_checklist(inspection, office)
    with pytest.raises(inspections.InspectionRefused, match="starts on"):
        conclude(inspection, office)
    inspection.refresh_from_db()
    assert inspection.conclusion == "" and not inspection.file_review.exists()


def test_a_substitute_who_moves_up_is_named_in_a_notice_of_his_own(unit, office):
    post = at_inspection(unit, office)
    inspect(post, office, FAIL)
    failed = Application.objects.get(post=post, interview_rank=1)
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=failed.pk, reason="考察不合格", by=office)
    second = publish(post, office)
    assert second.number == 2 and [row["name"] for row in second.particulars] == [
        Application.objects.get(post=post, interview_rank=2).person.name
    ]


# --- The team and its recusals ---


@pytest.fixture
def conflicted_pool(unit, other_unit):
    """For the post's first candidate (working at ``other_unit``): one of the pool from his unit, one his declared
    spouse, one the candidate himself, and two with no conflict."""

    def make(post):
        first = Application.objects.get(post=post, interview_rank=1)
        first.person.current_unit = other_unit
        first.person.save(update_fields=["current_unit"])
        Application.objects.filter(pk=first.pk).update(applicant_unit=other_unit)
        colleague = Inspector.objects.create(name="同单位", unit=other_unit)
        spouse = Inspector.objects.create(name="配偶", unit=unit)
        InspectorRelative.objects.create(inspector=spouse, person=first.person, kind="spouse")
        himself = Inspector.objects.create(name="本人", person=first.person)
        free = [Inspector.objects.create(name=f"无关{n}") for n in (1, 2)]
        return first, colleague, spouse, himself, free

    return make


def test_the_team_keeps_each_recusal_with_its_reason(unit, office, conflicted_pool):
    post = at_inspection(unit, office)
    first, colleague, spouse, himself, free = conflicted_pool(post)
    publish(post, office)
    inspections.inspection_team_set(
        post_id=post.pk, inspector_ids=[colleague.pk, spouse.pk, himself.pk, *[i.pk for i in free]], by=office
    )
    inspection = post.inspections.get(application=first)
    reasons = {m.inspector.name: m.recusal_reason for m in inspection.team_members.filter(recused=True)}
    assert reasons == {"同单位": "Same unit as the candidate", "配偶": "Declared relative: Spouse",
                       "本人": "The team member is the candidate"}  # fmt: skip
    assert [m.inspector.name for m in rules.serving_members(inspection)] == ["无关1", "无关2"]


def test_a_team_that_leaves_a_candidate_fewer_than_two_members_not_recused_is_refused(unit, office, conflicted_pool):
    post = at_inspection(unit, office)
    _first, colleague, spouse, himself, free = conflicted_pool(post)
    publish(post, office)
    with pytest.raises(inspections.InspectionRefused, match="Only 1 member") as refusal:
        inspections.inspection_team_set(
            post_id=post.pk, inspector_ids=[colleague.pk, spouse.pk, himself.pk, free[0].pk], by=office
        )
    assert "同单位" in str(refusal.value) and "配偶" in str(refusal.value) and "本人" in str(refusal.value)
    with pytest.raises(inspections.InspectionRefused, match="at least two members"):
        inspections.inspection_team_set(post_id=post.pk, inspector_ids=[free[0].pk], by=office)
    Inspector.objects.filter(pk=free[1].pk).update(active=False)
    with pytest.raises(inspections.InspectionRefused, match="members in the pool"):
        inspections.inspection_team_set(post_id=post.pk, inspector_ids=[i.pk for i in free], by=office)
    assert not InspectionTeamMember.objects.exists()


def test_the_team_is_chosen_after_the_notice_and_needed_before_a_conclusion(unit, office):
    post = at_inspection(unit, office)
    with pytest.raises(inspections.InspectionRefused, match="Publish the inspection notice first"):
        inspections.inspection_team_set(
            post_id=post.pk, inspector_ids=[i.pk for i in inspection_team_pool()], by=office
        )
    publish(post, office)
    inspection = post.inspections.get()
    complete_checklist(inspection, office)
    with pytest.raises(inspections.InspectionRefused, match="Choose the inspection team first"):
        conclude(inspection, office)


# --- The checklist and the conclusion ---


def test_an_incomplete_checklist_refuses_a_pass_and_names_what_is_missing(unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    file_review = {item: (FileReviewItem.Result.CONFIRMED, "") for item in FileReviewItem.Item.values}
    file_review[FileReviewItem.Item.PARTY_DATE] = ("", "")
    inspections.inspection_checklist_save(
        inspection_id=inspection.pk, file_review=file_review, people_talked_to=30, by=office
    )
    with pytest.raises(inspections.InspectionRefused) as refusal:
        conclude(inspection, office)
    message = str(refusal.value)
    assert "not complete" in message and "Date of joining the Party" in message and "integrity opinion" in message
    assert "personal matters report check" in message and "result of the evaluation" in message
    assert "people talked to" not in message and "Birth date" not in message
    inspection.refresh_from_db()
    post.refresh_from_db()
    assert inspection.conclusion == "" and post.status == Post.Status.INSPECTION
    complete_checklist(inspection, office)
    assert conclude(inspection, office).conclusion == PASS
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY


def test_a_discrepancy_is_recorded_with_what_was_found_and_shown_beside_the_conclusion(unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    birth = {FileReviewItem.Item.BIRTH_DATE: (FileReviewItem.Result.DISCREPANCY, "  ")}
    with pytest.raises(inspections.InspectionRefused, match="Birth date: describe the discrepancy"):
        inspections.inspection_checklist_save(inspection_id=inspection.pk, file_review=birth, by=office)
    with pytest.raises(inspections.InspectionRefused, match="concerns the integrity opinion raises"):
        inspections.inspection_checklist_save(
            inspection_id=inspection.pk, file_review={}, integrity_opinion=Inspection.IntegrityOpinion.CONCERNS,
            integrity_opinion_by="区纪委监委", integrity_opinion_on=timezone.localdate(), by=office,
        )  # fmt: skip
    assert not inspection.file_review.exists()
    noted = {
        FileReviewItem.Item.BIRTH_DATE: (
            FileReviewItem.Result.DISCREPANCY,
            "档案记载1985年3月，身份证为1985年5月，以档案为准",
        )
    }
    inspections.inspection_checklist_save(inspection_id=inspection.pk, file_review=noted, by=office)
    assert rules.discrepancies(inspection) == ["Birth date：档案记载1985年3月，身份证为1985年5月，以档案为准"]


def test_each_candidate_has_his_own_conclusion_and_the_post_goes_on_when_all_are_concluded(unit, office):
    post = at_inspection_with_places(unit, office, places=2, advancing=3)
    first, second, _third = Application.objects.filter(post=post).order_by("interview_rank")
    open_inspection(post, office)
    one, two = post.inspections.get(application=first), post.inspections.get(application=second)
    for inspection in (one, two):
        complete_checklist(inspection, office)
    # The second is concluded first: the order of the ranking does not bind the team.
    conclude(two, office, FAIL, fail_reason="廉政意见反映问题经核属实")
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    second.refresh_from_db()
    assert second.outcome == Application.Outcome.INSPECTION_FAILED and second.outcome_on == timezone.localdate()
    conclude(one, office)
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.conclusion, one.fail_reason) == (PASS, "")
    assert (two.conclusion, two.fail_reason) == (FAIL, "廉政意见反映问题经核属实")
    # The one who failed may be replaced (递补): the post waits for the office rather than going on alone.
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=second.pk, reason="考察不合格，依次递补", by=office)
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    assert Publicity.objects.filter(post=post).count() == 2


def test_a_fail_needs_its_reason_and_a_conclusion_is_recorded_once(unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    with pytest.raises(inspections.InspectionRefused, match="reason the inspection was not passed"):
        conclude(inspection, office, FAIL, fail_reason=" ")
    assert Application.objects.get(pk=inspection.application_id).outcome == Application.Outcome.IN_PROGRESS
    conclude(inspection, office, FAIL, fail_reason="群众公认度低")
    with pytest.raises(inspections.InspectionRefused, match="recorded already"):
        conclude(inspection, office, PASS)
    with pytest.raises(inspections.InspectionRefused, match="recorded already"):
        complete_checklist(inspection, office)
    inspection.refresh_from_db()
    assert inspection.conclusion == FAIL and inspection.fail_reason == "群众公认度低"


def test_only_the_office_runs_the_inspection(unit, office, secretary):
    post = at_inspection(unit, office)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        inspections.inspection_notice_publish(
            post_id=post.pk, start_date=today, end_date=today, contact="电话", by=secretary
        )
    inspection = open_inspection(post, office)
    with pytest.raises(PermissionDenied):
        inspections.inspection_team_set(
            post_id=post.pk, inspector_ids=[i.pk for i in inspection_team_pool()], by=secretary
        )
    with pytest.raises(PermissionDenied):
        complete_checklist(inspection, secretary)
    with pytest.raises(PermissionDenied):
        conclude(inspection, secretary)
    with pytest.raises(PermissionDenied):
        inspections.inspector_create(name="张三", by=secretary)
    inspection.refresh_from_db()
    assert inspection.conclusion == "" and not inspection.file_review.exists()


def test_the_office_recuses_a_member_for_another_conflict_with_its_reason_keeping_two(unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    first, second = inspection_team_pool()
    third = Inspector.objects.create(name="考察组丙")
    inspections.inspection_team_set(post_id=post.pk, inspector_ids=[first.pk, second.pk, third.pk], by=office)
    with pytest.raises(inspections.InspectionRefused, match="reason"):
        inspections.inspection_recusal_add(inspection_id=inspection.pk, inspector_id=third.pk, reason=" ", by=office)
    inspections.inspection_recusal_add(
        inspection_id=inspection.pk, inspector_id=third.pk, reason="曾与考察对象同一科室共事", by=office
    )
    member = inspection.team_members.get(inspector=third)
    assert member.recused and member.recusal_reason == "曾与考察对象同一科室共事"
    with pytest.raises(inspections.InspectionRefused, match="Only 1 member"):
        inspections.inspection_recusal_add(
            inspection_id=inspection.pk, inspector_id=first.pk, reason="另有关系", by=office
        )
    with pytest.raises(inspections.InspectionRefused, match="not recused yet"):
        inspections.inspection_recusal_add(inspection_id=inspection.pk, inspector_id=third.pk, reason="再次", by=office)
    assert {m.inspector for m in rules.serving_members(inspection)} == {first, second}
