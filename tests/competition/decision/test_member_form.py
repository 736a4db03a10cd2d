"""The decision form records attendance and vote in one control per roster member, so they cannot contradict (issue
22, defect 7); the controls are the committee's members serving on the meeting's date (issue 17.4)."""

import datetime

import pytest
from django.utils import timezone

from competition.decision import roster
from competition.decision import services as decisions
from competition.decision.forms import DecisionForm
from competition.models import CommitteeMember, Decision
from competition.workflow import WorkflowError
from tests.competition.stages import at_decision, members, roster_votes, seat_committee

pytestmark = pytest.mark.django_db


def test_one_control_gives_attendance_and_vote(unit):
    a, b, c = seat_committee(unit, 3)
    seats = roster.meeting_seats(unit, timezone.localdate(), None)
    data = {"meeting_date": timezone.localdate().isoformat(), f"vote_{a.pk}": "agree", f"vote_{b.pk}": "", f"vote_{c.pk}": "defer",
            "meeting_no": "2", "place": "会议室", "chair": a.name}
    form = DecisionForm(data, seats=seats)
    assert form.is_valid(), form.errors
    assert form.votes() == {a.pk: "agree", b.pk: "", c.pk: "defer"}
    assert form.service_fields()["chair"] == a.name and form.service_fields()["meeting_no"] == 2
    assert "attended" not in form.fields
    assert [label for _value, label in form.fields[f"vote_{a.pk}"].choices][0] == "Absent"


def test_a_service_call_with_a_vote_of_no_kind_is_refused_not_saved_silently(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    votes = roster_votes(unit, members(present_agree=5, absent=1))
    absent = [pk for pk, vote in votes.items() if not vote][0]
    with pytest.raises(WorkflowError, match="choose a vote"):
        decisions.decision_record(
            post_id=post.pk, by=office, meeting_date=timezone.localdate(), notes="", votes={**votes, absent: "yes"}
        )
    assert not Decision.objects.filter(post=post).exists()


def test_a_member_out_of_his_period_is_not_offered(unit):
    today = timezone.localdate()
    serving = seat_committee(unit, 3)
    left = CommitteeMember.objects.create(
        unit=unit, name="已离任委员", serving_from=today - datetime.timedelta(days=400), serving_until=today - datetime.timedelta(days=1)
    )
    coming = CommitteeMember.objects.create(unit=unit, name="新任委员", serving_from=today + datetime.timedelta(days=1))
    form = DecisionForm(seats=roster.meeting_seats(unit, today, None))
    assert f"vote_{left.pk}" not in form.fields and f"vote_{coming.pk}" not in form.fields
    assert {f"vote_{m.pk}" for m in serving} <= set(form.fields)
    # On a date within his period, the member who left is offered again.
    earlier = DecisionForm(seats=roster.meeting_seats(unit, today - datetime.timedelta(days=2), None))
    assert f"vote_{left.pk}" in earlier.fields
