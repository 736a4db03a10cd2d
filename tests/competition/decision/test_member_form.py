"""The decision form records attendance and vote in one control, so they cannot contradict (issue 22, defect 7)."""

import pytest
from django.utils import timezone

from competition.decision import services as decisions
from competition.decision.forms import MemberFormSet
from competition.models import Decision
from competition.workflow import WorkflowError
from tests.competition.stages import at_decision, members

pytestmark = pytest.mark.django_db


def rows(*pairs):
    data = {"m-TOTAL_FORMS": str(len(pairs)), "m-INITIAL_FORMS": "0"}
    for n, (name, vote) in enumerate(pairs):
        data[f"m-{n}-name"], data[f"m-{n}-vote"] = name, vote
    return data


def test_one_control_gives_attendance_and_vote():
    members = MemberFormSet(rows(("甲", "agree"), ("乙", ""), ("丙", "defer")), prefix="m")
    assert members.is_valid()
    assert [(m["name"], m["attended"], m["vote"]) for m in members.cleaned_data] == [
        ("甲", True, "agree"), ("乙", False, ""), ("丙", True, "defer")
    ]
    assert "attended" not in members.forms[0].fields
    assert [label for _value, label in members.forms[0].fields["vote"].choices][0] == "Absent"


def test_a_service_call_with_an_absent_member_who_voted_is_refused_not_saved_silently(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    rows_ = members(present_agree=5) + [{"name": "缺席者", "attended": False, "vote": "agree"}]
    with pytest.raises(WorkflowError, match="absent"):
        decisions.decision_record(post_id=post.pk, by=office, meeting_date=timezone.localdate(), notes="", members=rows_)
    assert not Decision.objects.filter(post=post).exists()
