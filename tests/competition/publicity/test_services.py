"""Publicity: approval by the post's unit secretary, the working-day period, objections, the automatic end."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from competition import workflow
from competition.models import Application, Objection, Post, Publicity
from competition.publicity import services as publicity
from competition.publicity.tasks import end_publicity_periods
from tests.competition.stages import at_publicity, published

pytestmark = pytest.mark.django_db


def test_another_units_secretary_and_the_office_cannot_approve_the_notice(unit, office, other_secretary):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    for user in (other_secretary, office):
        with pytest.raises(PermissionDenied):
            publicity.publicity_approve(publicity_id=notice.pk, by=user)
        with pytest.raises(PermissionDenied):
            publicity.publicity_return(publicity_id=notice.pk, reason="x", by=user)
    notice.refresh_from_db()
    assert notice.status == Publicity.Status.AWAITING_APPROVAL


@time_machine.travel(datetime.datetime(2025, 9, 26, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False)
def test_the_approved_notice_runs_for_the_campaigns_working_days(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    assert notice.status == Publicity.Status.PUBLISHED
    assert (notice.start_date, notice.end_date) == (datetime.date(2025, 9, 26), datetime.date(2025, 10, 9))
    assert notice.approved_by == secretary


@time_machine.travel(datetime.datetime(2025, 10, 4, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False)
def test_a_notice_approved_on_a_holiday_starts_on_the_next_working_day(unit, office, secretary):
    _post, notice = published(unit, office, secretary)
    assert notice.start_date == datetime.date(2025, 10, 9)
    # 9, 10, 11 (a working Saturday), 13 and 14 October.
    assert notice.end_date == datetime.date(2025, 10, 14)


def test_a_returned_notice_needs_a_reason_and_goes_back_after_the_office_edits_it(unit, office, secretary):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    with pytest.raises(workflow.WorkflowError):
        publicity.publicity_return(publicity_id=notice.pk, reason=" ", by=secretary)
    publicity.publicity_return(publicity_id=notice.pk, reason="联系方式有误", by=secretary)
    notice.refresh_from_db()
    assert notice.status == Publicity.Status.RETURNED and notice.return_reason == "联系方式有误"
    with pytest.raises(workflow.WorkflowError):
        publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    publicity.publicity_update(publicity_id=notice.pk, contact="电话 12380", note="", by=office)
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    notice.refresh_from_db()
    assert notice.status == Publicity.Status.PUBLISHED and notice.contact == "电话 12380"


def test_an_objection_gets_a_reference_number_and_only_while_the_notice_is_up(unit, office, secretary):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    with pytest.raises(workflow.WorkflowError, match="not open"):
        publicity.objection_file(publicity_id=notice.pk, name="", contact="13800000000", text="有问题")
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    objection = publicity.objection_file(publicity_id=notice.pk, name="", contact="13800000000", text="有问题")
    assert objection.reference.startswith("YY") and len(objection.reference) == 17
    with pytest.raises(workflow.WorkflowError, match="what you report"):
        publicity.objection_file(publicity_id=notice.pk, name="", contact="13800000000", text=" ")
    assert notice.objections.count() == 1


def test_an_anonymous_objection_without_any_contact_is_received(unit, office, secretary):
    """提倡实名反映, but an anonymous report is accepted too: no name, no contact, only the reference to look it up."""
    post, notice = published(unit, office, secretary)
    objection = publicity.objection_file(publicity_id=notice.pk, name="", contact="", text="该同志档案年龄有疑问")
    assert (objection.name, objection.contact) == ("", "")
    assert publicity.objection_outcome(objection.reference) == objection


def test_an_unsubstantiated_objection_lets_the_publicity_end_and_the_post_go_on(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    objection = publicity.objection_file(publicity_id=notice.pk, name="王五", contact="x@example.org", text="反映问题")
    after = notice.end_date + datetime.timedelta(days=1)
    assert publicity.publicity_end_due(today=after) == 0  # still under investigation
    with pytest.raises(PermissionDenied):
        publicity.objection_investigate(objection_id=objection.pk, investigation="查无实据", result="unsubstantiated", by=secretary)
    publicity.objection_investigate(objection_id=objection.pk, investigation="查无实据", result="unsubstantiated", by=office)
    assert publicity.publicity_end_due(today=notice.end_date) == 0  # not before its last day is over
    assert publicity.publicity_end_due(today=after) == 1
    assert publicity.publicity_end_due(today=after) == 0  # safe to run twice
    post.refresh_from_db()
    notice.refresh_from_db()
    assert post.status == Post.Status.DECISION and notice.status == Publicity.Status.ENDED


def test_a_substantiated_objection_stops_the_appointment(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    objection = publicity.objection_file(publicity_id=notice.pk, name="", contact="x", text="档案造假")
    publicity.objection_investigate(objection_id=objection.pk, investigation="查实", result="substantiated", by=office)
    notice.refresh_from_db()
    assert notice.status == Publicity.Status.STOPPED
    assert notice.application.outcome == Application.Outcome.PUBLICITY_FAILED
    assert publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1)) == 0
    with pytest.raises(workflow.WorkflowError, match="already recorded"):
        publicity.objection_investigate(objection_id=objection.pk, investigation="x", result="unsubstantiated", by=office)
    # The office inspects the next candidate.
    workflow.post_return_to_inspection(post_id=post.pk, by=office, reason="公示查实问题")
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION


def test_the_periodic_task_ends_due_publicities(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    Publicity.objects.filter(pk=notice.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert end_publicity_periods.delay().get() == 1
    assert end_publicity_periods() == 0
    post.refresh_from_db()
    assert post.status == Post.Status.DECISION


def test_objections_are_kept(unit, office, secretary):
    _post, notice = published(unit, office, secretary)
    publicity.objection_file(publicity_id=notice.pk, name="", contact="c", text="t")
    assert Objection.objects.filter(publicity=notice).count() == 1


def test_the_end_of_publicity_is_a_declared_periodic_job():
    from config.celery import app
    from config.schedules import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["competition.end-publicity-periods"]
    assert entry["task"] == "competition.tasks.end_publicity_periods"
    assert entry["task"] in app.tasks
