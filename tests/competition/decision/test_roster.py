"""The committee's standing roster (issue 17.4): a meeting takes its attendance from the members serving on its date,
quorum and majority count over the whole roster, and a member related to the candidate (or the candidate himself)
is recused for that item and recorded, not counted as present."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from competition.decision import roster
from competition.decision import services as decisions
from competition.models import CommitteeMember, CommitteeMemberRelative, Decision, DecisionMember, ExaminerRelative
from competition.workflow import WorkflowError
from tests.competition.stages import at_decision, members, roster_votes, seat_committee

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record(post, votes, by, day=None):
    return decisions.decision_record(post_id=post.pk, meeting_date=day or TODAY(), votes=votes, by=by)


def test_the_quorum_counts_over_the_roster_serving_on_the_meeting_date(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    # Seven members on the roster; four present is under two thirds (4 × 3 < 7 × 2) whatever the votes.
    votes = roster_votes(unit, members(present_agree=4, absent=3))
    with pytest.raises(WorkflowError, match="Only 4 of 7 members were present"):
        record(post, votes, secretary)
    # Leaving the absent ones out of the votes does not shrink the committee: they are on the roster.
    present_only = {pk: vote for pk, vote in votes.items() if vote}
    with pytest.raises(WorkflowError, match="Only 4 of 7"):
        record(post, present_only, secretary)
    assert not Decision.objects.exists()


def test_the_majority_counts_over_the_roster_not_over_those_present(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    # Nine on the roster, six present (the quorum), four of them agree: a majority of those present, not of the nine.
    decision = record(post, roster_votes(unit, members(present_agree=4, present_disagree=2, absent=3)), secretary)
    assert (decision.members_total, decision.present, decision.agree, decision.result) == (9, 6, 4, Decision.Result.FAILED)
    assert decision.members.filter(member__isnull=False).count() == 9
    assert decision.members.filter(attended=False, vote="").count() == 3


def test_five_of_nine_agreeing_pass_and_each_seat_names_its_roster_member(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    votes = roster_votes(unit, members(present_agree=5, present_defer=1, absent=3))
    decision = record(post, votes, secretary)
    assert decision.result == Decision.Result.PASSED
    rows = {row.member_id: (row.name, row.vote) for row in decision.members.all()}
    assert rows == {m.pk: (m.name, votes[m.pk]) for m in CommitteeMember.objects.filter(pk__in=votes)}


def test_a_member_related_to_the_candidate_and_the_candidate_himself_are_recused_and_recorded(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    seats = seat_committee(unit, 7)
    relative, himself = seats[1], seats[2]
    CommitteeMemberRelative.objects.create(member=relative, person=candidate.person, kind=ExaminerRelative.Kind.SPOUSE)
    CommitteeMember.objects.filter(pk=himself.pk).update(person=candidate.person)
    reasons = {seat.member.pk: seat.recusal for seat in roster.meeting_seats(unit, TODAY(), candidate)}
    assert reasons[relative.pk] == "Declared relative: Spouse"
    assert reasons[himself.pk] == "The member is the candidate"
    assert [pk for pk, reason in reasons.items() if reason] == [relative.pk, himself.pk]
    # A recused member cannot vote on the item.
    votes = {m.pk: "agree" for m in seats}
    with pytest.raises(WorkflowError, match="recused for this candidate"):
        record(post, votes, secretary)
    # The five others all agree: five present of seven (quorum), five of seven agree (majority over the roster).
    votes = {m.pk: "agree" for m in seats if m.pk not in (relative.pk, himself.pk)}
    decision = record(post, votes, secretary)
    assert (decision.members_total, decision.present, decision.recused, decision.agree) == (7, 5, 2, 5)
    assert decision.result == Decision.Result.PASSED
    recused = DecisionMember.objects.get(decision=decision, member=relative)
    assert (recused.recused, recused.attended, recused.vote, recused.recusal_reason) == (True, False, "", "Declared relative: Spouse")
    assert DecisionMember.objects.get(decision=decision, member=himself).recusal_reason == "The member is the candidate"


def test_recusals_can_take_away_the_quorum(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    seats = seat_committee(unit, 3)
    CommitteeMemberRelative.objects.create(member=seats[0], person=candidate.person, kind=ExaminerRelative.Kind.DIRECT)
    CommitteeMemberRelative.objects.create(member=seats[1], person=candidate.person, kind=ExaminerRelative.Kind.IN_LAW)
    with pytest.raises(WorkflowError, match="Only 1 of 3"):
        record(post, {seats[2].pk: "agree"}, secretary)


def test_a_member_out_of_his_period_does_not_sit_and_cannot_vote(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    today = TODAY()
    votes = roster_votes(unit, members(present_agree=3))
    left = CommitteeMember.objects.create(
        unit=unit, name="已离任", serving_from=today - datetime.timedelta(days=900), serving_until=today - datetime.timedelta(days=1)
    )
    assert left.pk not in {seat.member.pk for seat in roster.meeting_seats(unit, today, None)}
    with pytest.raises(WorkflowError, match="已离任: not on the committee"):
        record(post, {**votes, left.pk: "agree"}, secretary)
    decision = record(post, votes, secretary)
    assert decision.members_total == 3 and not decision.members.filter(member=left).exists()


def test_a_unit_without_a_roster_on_the_date_cannot_record(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    with pytest.raises(WorkflowError, match="keep its roster first"):
        record(post, {}, secretary)


def test_the_roster_keepers_add_end_and_declare_and_refusals_say_why(unit, other_unit, office, secretary, other_secretary):
    today = TODAY()
    member = roster.committee_member_add(
        unit_id=unit.pk, name="罗书记", role=CommitteeMember.Role.SECRETARY, serving_from=today - datetime.timedelta(days=10), by=secretary
    )
    with pytest.raises(WorkflowError, match="already on the committee"):
        roster.committee_member_add(unit_id=unit.pk, name="罗书记", role="member", serving_from=today, by=office)
    with pytest.raises(WorkflowError, match="cannot end before it begins"):
        roster.committee_member_add(
            unit_id=unit.pk, name="甲", role="member", serving_from=today, serving_until=today - datetime.timedelta(days=1), by=office
        )
    with pytest.raises(PermissionDenied):
        roster.committee_member_add(unit_id=unit.pk, name="乙", role="member", serving_from=today, by=other_secretary)
    with pytest.raises(PermissionDenied):
        roster.committee_member_end(member_id=member.pk, serving_until=today, by=other_secretary)
    roster.committee_member_end(member_id=member.pk, serving_until=today - datetime.timedelta(days=1), by=office)
    assert roster.roster_on(unit, today) == []
    assert roster.roster_on(unit, today - datetime.timedelta(days=1)) == [member]
    # After his period, the same person may take a seat again.
    again = roster.committee_member_add(unit_id=unit.pk, name="罗书记", role="secretary", serving_from=today, by=office)
    assert roster.roster_on(unit, today) == [again]


def test_a_member_who_sat_at_a_meeting_cannot_have_his_period_end_before_it(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    votes = roster_votes(unit, members(present_agree=3))
    record(post, votes, secretary)
    member = CommitteeMember.objects.get(pk=next(iter(votes)))
    with pytest.raises(WorkflowError, match="sat at a meeting after that day"):
        roster.committee_member_end(member_id=member.pk, serving_until=TODAY() - datetime.timedelta(days=1), by=secretary)


def test_the_roster_page_is_the_office_and_the_units_secretary(client, unit, office, secretary, other_secretary, candidate):
    url = reverse("appointment:committee_roster", args=[unit.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login
    for user in (candidate, other_secretary):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(secretary)
    response = client.post(url, {"name": "罗书记", "role": "secretary", "serving_from": TODAY().isoformat()})
    assert response.status_code == 302
    member = CommitteeMember.objects.get(unit=unit, name="罗书记")
    client.force_login(office)
    page = client.get(url).content.decode()
    assert "罗书记" in page and 'data-testid="roster"' in page
    client.force_login(other_secretary)
    end = reverse("appointment:committee_member_end", args=[member.pk])
    assert client.post(end, {"serving_until": TODAY().isoformat()}).status_code == 403
    client.force_login(secretary)
    response = client.post(end, {"serving_until": (TODAY() - datetime.timedelta(days=1)).isoformat()}, follow=True)
    assert "The period cannot end before it begins." in response.content.decode()
    member.refresh_from_db()
    assert member.serving_until is None


def test_the_decision_page_shows_the_recused_member_without_a_vote(client, unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    seats = seat_committee(unit, 5)
    client.force_login(secretary)
    relative_url = reverse("appointment:committee_member_relative", args=[seats[0].pk])
    client.post(relative_url, {"person": candidate.person.pk, "kind": "spouse"})
    assert CommitteeMemberRelative.objects.filter(member=seats[0], person=candidate.person).exists()
    page = client.get(reverse("appointment:decision_record", args=[post.pk])).content.decode()
    assert f'name="vote_{seats[0].pk}"' not in page and 'data-testid="recused"' in page
    assert all(f'name="vote_{m.pk}"' in page for m in seats[1:])
    # The date chooser shows the roster of another day: nobody served a year and a half ago.
    earlier = (TODAY() - datetime.timedelta(days=500)).isoformat()
    page = client.get(reverse("appointment:decision_record", args=[post.pk]), {"meeting_date": earlier}).content.decode()
    assert 'data-testid="no-roster"' in page
