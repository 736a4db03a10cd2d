"""The written exam's rules, through its services: sessions, tickets, marks, the pass line, the ratio, ties,
absence, publication and what it does to the post and the candidates."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import AuditEvent
from competition.interviews import services as interviews
from competition.models import AdmissionTicket, Application, Post, WrittenMarkCorrection
from competition.progress import post_progress
from competition.registration import services as registration
from competition.written import selectors
from competition.written import services as written
from notifications.models import Notification
from tests.competition.written.conftest import enter, make_session, post_at_written, tickets_by_person
from tests.factories import ApplicationFactory, CampaignFactory, CandidateUserFactory, post_in_state

O = Application.Outcome  # noqa: E741


def publish(session, by):
    written.written_session_publish(session_id=session.pk, by=by)
    session.refresh_from_db()


def outcomes(post):
    return list(post.applications.order_by("pk").values_list("outcome", flat=True))


# --- Through the state machine ---


def test_registration_closes_into_the_written_exam_when_the_campaign_holds_one(office, campaign):
    post = post_in_state(Post.Status.REGISTRATION, campaign=campaign)
    for _ in range(3):
        ApplicationFactory(post=post, round=post.round, person=CandidateUserFactory().person)
    post.round.registration_closes = timezone.now() - datetime.timedelta(seconds=1)
    post.round.save()
    registration.registration_close(post_id=post.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.WRITTEN
    assert Notification.objects.filter(subject__contains="goes to the written exam").count() == 3


def test_without_a_written_exam_registration_closes_into_the_interview_and_the_bar_has_eight_steps(db):
    post = post_in_state(Post.Status.INTERVIEW)
    assert [step["label"] for step in post_progress(post)][3] == "Interview"
    assert len(post_progress(post)) == 8


def test_the_progress_bar_shows_the_written_exam_only_when_the_campaign_holds_one(post):
    steps = post_progress(post)
    assert len(steps) == 9
    assert (str(steps[3]["label"]), steps[3]["state"]) == ("Written exam", "current")
    assert steps[2]["state"] == "done" and steps[4]["state"] == "todo"


# --- Sessions and tickets ---


def test_a_session_takes_only_posts_at_the_written_exam_and_each_post_once(office, campaign, post, session):
    with pytest.raises(written.WrittenError, match="already sits"):
        make_session(post, office, name="第二场")
    other = post_in_state(Post.Status.REGISTRATION, campaign=campaign)
    with pytest.raises(written.WrittenError, match="not at the written exam step"):
        make_session(other, office, name="第三场")


def test_a_campaign_without_a_written_exam_has_no_sessions(office, post):
    post.campaign.has_written_exam = False
    post.campaign.save()
    with pytest.raises(written.WrittenError, match="holds no written exam"):
        make_session(post, office)


def test_a_unit_secretary_does_not_run_a_unified_campaigns_written_exam(secretary, post):
    with pytest.raises(PermissionDenied):
        make_session(post, secretary)


def test_an_internal_competitions_secretary_runs_its_written_exam(secretary, unit):
    campaign = CampaignFactory(kind="internal", unit=unit, has_written_exam=True)
    post = post_at_written(campaign, unit=unit)
    session = make_session(post, secretary)
    written.written_session_issue(session_id=session.pk, by=secretary)
    assert session.tickets.count() == 5


def test_issuing_gives_every_candidate_a_numbered_seat_and_tells_him(office, post, session):
    written.written_session_issue(session_id=session.pk, by=office)
    session.refresh_from_db()
    tickets = list(session.tickets.all())
    assert len(tickets) == 5 and session.status == "issued" and session.seat_seed
    assert len({(t.room_id, t.seat) for t in tickets}) == 5 and len({t.number for t in tickets}) == 5
    assert all(t.number.startswith(f"{timezone.localtime(session.starts_at):%Y}{session.pk:04d}01") for t in tickets)
    assert Notification.objects.filter(kind="written_ticket").count() == 5
    assert session.events.filter(kind="issued", detail__contains=session.seat_seed).exists()


def test_issuing_refuses_more_candidates_than_seats_and_issues_nothing(office, post):
    session = make_session(post, office, rooms=[("第一考场", 2), ("第二考场", 2)])
    with pytest.raises(written.WrittenError, match="only 4 seats"):
        written.written_session_issue(session_id=session.pk, by=office)
    assert not AdmissionTicket.objects.exists()


def test_seats_fill_the_rooms_in_turn(office, post):
    session = make_session(post, office, rooms=[("第一考场", 3), ("第二考场", 3)])
    written.written_session_issue(session_id=session.pk, by=office)
    by_room = sorted((t.room.name, t.seat) for t in session.tickets.select_related("room"))
    assert by_room == [("第一考场", 1), ("第一考场", 2), ("第一考场", 3), ("第二考场", 1), ("第二考场", 2)]


# --- Marks ---


def test_marks_wait_for_the_exam_to_begin(office, post):
    session = make_session(post, office, begun=False)
    written.written_session_issue(session_id=session.pk, by=office)
    with pytest.raises(written.WrittenError, match="once the exam has begun"):
        enter(session, office, ["80"] * 5)


def test_a_mark_already_entered_changes_only_as_a_correction_with_a_reason(office, issued):
    enter(issued, office, ["80", "70", "60", "50", "absent"])
    with pytest.raises(written.MarksInvalid) as refused:
        enter(issued, office, ["81", "70", "60", "50", "absent"])
    assert "already marked 80.00" in refused.value.errors[0].message
    assert tickets_by_person(issued)[0].mark == D("80")
    enter(issued, office, ["81", "70", "60", "50", "55"], reason="复核加分")
    first, *_rest, last = tickets_by_person(issued)
    assert (first.mark, last.mark, last.absent) == (D("81"), D("55"), False)
    assert WrittenMarkCorrection.objects.count() == 2
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SCORE_CORRECTION).count() == 2


def test_a_secretary_cannot_enter_marks_of_a_unified_campaign(secretary, issued):
    with pytest.raises(PermissionDenied):
        enter(issued, secretary, ["80"] * 5)


# --- Results: pass line, ratio, ties, absence ---


def test_the_pass_line_is_inclusive_and_the_ratio_takes_the_best_three(office, post, issued):
    # Places 1, ratio 1:3: of the four at or above 60 the best three go on; 59.99 fails the line.
    enter(issued, office, ["90", "60", "59.99", "75", "61"])
    publish(issued, office)
    post.refresh_from_db()
    assert post.status == Post.Status.INTERVIEW
    assert outcomes(post) == ["", "written_failed", "written_failed", "", ""]
    scores = list(post.applications.order_by("pk").values_list("written_score", flat=True))
    assert scores == [D("90"), D("60"), D("59.99"), D("75"), D("61")]


def test_everyone_who_passes_goes_on_when_fewer_than_the_ratio(office, post, issued):
    enter(issued, office, ["90", "40", "30", "60", "20"])
    publish(issued, office)
    assert outcomes(post) == ["", "written_failed", "written_failed", "", "written_failed"]


def test_the_ratio_counts_the_places(office, campaign):
    post = post_at_written(campaign, applicants=8, places=2)  # 1:3 × 2 places = 6
    session = make_session(post, office)
    written.written_session_issue(session_id=session.pk, by=office)
    enter(session, office, ["90", "89", "88", "87", "86", "85", "84", "83"])
    publish(session, office)
    assert outcomes(post).count("") == 6


def test_equal_marks_at_the_line_go_on_together_and_are_shown_tied(office, post, issued):
    enter(issued, office, ["90", "70", "80", "70", "65"])
    rows = selectors.post_results(post)
    assert [row.ticket.mark for row in rows if row.tied] == [D("70"), D("70")]
    assert sum(row.goes_on for row in rows) == 4
    publish(issued, office)
    assert outcomes(post) == ["", "", "", "", "written_failed"]


def test_an_absent_candidate_does_not_pass_and_is_told_so(office, post, issued):
    enter(issued, office, ["90", "absent", "80", "70", "65"])
    publish(issued, office)
    absent = post.applications.order_by("pk")[1]
    assert absent.outcome == O.WRITTEN_FAILED and absent.written_score is None
    told = Notification.objects.get(kind="written_results", recipient=absent.person.user)
    assert "absent" in told.body and "do not go on" in told.body
    passed = Notification.objects.get(kind="written_results", recipient=post.applications.order_by("pk")[0].person.user)
    assert "90.00" in passed.body and "go on to the interview" in passed.body


def test_a_post_where_nobody_passes_fails(office, post, issued):
    enter(issued, office, ["absent", "10", "20", "59", "absent"])
    publish(issued, office)
    post.refresh_from_db()
    assert post.status == Post.Status.FAILED
    assert set(outcomes(post)) == {"written_failed"}


def test_publishing_waits_for_every_ticket(office, post, issued):
    numbers = [t.number for t in tickets_by_person(issued)]
    enter(issued, office, ["90", "80", "70", "60"])  # the fifth left blank
    with pytest.raises(written.WrittenError, match=numbers[4]):
        written.written_session_publish(session_id=issued.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.WRITTEN and set(outcomes(post)) == {""}


def test_a_published_session_takes_no_more_marks_and_is_published_once(office, issued):
    enter(issued, office, ["90", "80", "70", "60", "50"])
    publish(issued, office)
    with pytest.raises(written.WrittenError, match="no longer possible"):
        enter(issued, office, ["91", "80", "70", "60", "50"], reason="改")
    with pytest.raises(written.WrittenError, match="no longer possible"):
        written.written_session_publish(session_id=issued.pk, by=office)


def test_a_withdrawn_candidate_keeps_his_outcome(office, post, issued):
    withdrawn = post.applications.order_by("pk")[2]
    Application.objects.filter(pk=withdrawn.pk).update(status=Application.Status.WITHDRAWN, outcome=O.WITHDRAWN)
    enter(issued, office, ["90", "80", "absent", "60", "50"])
    publish(issued, office)
    withdrawn.refresh_from_db()
    assert withdrawn.outcome == O.WITHDRAWN


# --- The interview after the written exam ---


def test_the_interview_takes_only_those_who_went_on_and_reads_the_written_mark(office, post, issued):
    enter(issued, office, ["90", "40", "80", "70", "65"])
    publish(issued, office)
    post.refresh_from_db()
    session = interviews.session_create(campaign=post.campaign, name="面试一", posts=[post], by=office)
    slots = list(session.slots.select_related("application").order_by("application_id"))
    assert [slot.application.written_score for slot in slots] == [D("90"), D("80"), D("70")]
    with pytest.raises(interviews.InterviewError, match="written exam"):
        interviews.slot_set_written_score(session_id=session.pk, slot_id=slots[0].pk, value="10", by=office)
