"""Interview services: sessions, recusal, the draw, blind scoring, closing, corrections and publication."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from competition.interviews import scoring, selectors
from competition.interviews import services as interviews
from competition.models import (
    Application,
    ExaminerRelative,
    InterviewEvent,
    InterviewSession,
    Post,
    Question,
    Score,
    ScoreCorrection,
)
from tests.competition.interviews.conftest import make_examiner, score_all
from tests.factories import post_in_state

pytestmark = pytest.mark.django_db


def test_a_session_takes_the_qualified_candidates_of_its_posts(session, applications):
    assert sorted(session.slots.values_list("application_id", flat=True)) == [a.pk for a in applications]


def test_a_session_refuses_a_post_not_at_the_interview_step(office, campaign, unit):
    post = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign)
    with pytest.raises(interviews.InterviewError):
        interviews.session_create(campaign=campaign, name="x", posts=[post], by=office)


def test_only_the_office_creates_sessions(secretary, campaign, interview_post):
    with pytest.raises(PermissionDenied):
        interviews.session_create(campaign=campaign, name="x", posts=[interview_post], by=secretary)


def test_the_draw_records_and_logs_a_seed_that_reproduces_the_order(office, session):
    interviews.session_draw(session_id=session.pk, by=office)
    session.refresh_from_db()
    assert len(session.draw_seed) == 32
    assert sorted(session.slots.values_list("order", flat=True)) == [1, 2, 3]
    assert selectors.verify_draw(session)
    event = InterviewEvent.objects.get(session=session, kind="draw")
    assert event.params["seed"] == session.draw_seed and event.by == office


def test_the_order_is_drawn_only_once(office, session):
    interviews.session_draw(session_id=session.pk, by=office)
    with pytest.raises(interviews.InterviewError):
        interviews.session_draw(session_id=session.pk, by=office)


def test_a_session_cannot_start_with_fewer_examiners_than_the_rule(office, session, panel):
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in panel[:4]], by=office)
    interviews.session_draw(session_id=session.pk, by=office)
    with pytest.raises(interviews.InterviewError, match="at least 5"):
        interviews.session_start(session_id=session.pk, by=office)


def test_a_same_unit_examiner_is_recused_and_leaves_too_few_eligible(office, session, panel, applications):
    panel[0].unit = applications[0].applicant_unit
    panel[0].save()
    assert (panel[0].pk, applications[0].pk) in selectors.recusals(session)
    interviews.session_draw(session_id=session.pk, by=office)
    with pytest.raises(interviews.InterviewError, match="eligible"):
        interviews.session_start(session_id=session.pk, by=office)
    reserve = make_examiner("reserve")
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in panel] + [reserve.pk], by=office)
    interviews.session_start(session_id=session.pk, by=office)
    assert InterviewSession.objects.get(pk=session.pk).status == InterviewSession.Status.STARTED


def test_a_declared_relative_is_recused(session, panel, applications):
    ExaminerRelative.objects.create(examiner=panel[1], person=applications[1].person, kind=ExaminerRelative.Kind.SPOUSE)
    reasons = selectors.recusals(session)
    assert "Spouse" in reasons[(panel[1].pk, applications[1].pk)]
    assert (panel[1].pk, applications[0].pk) not in reasons


def test_a_recused_examiner_cannot_score_that_candidate(office, started_session, panel, applications):
    interviews.session_add_recusal(
        session_id=started_session.pk, examiner_id=panel[2].pk, application_id=applications[0].pk, reason="同学", by=office
    )
    with pytest.raises(interviews.InterviewError, match="recused"):
        scoring.score_save(session_id=started_session.pk, application_id=applications[0].pk, value=80, by=panel[2].user)
    assert not Score.objects.exists()


def test_an_examiner_of_another_session_cannot_score_this_one(started_session, other_examiner, applications):
    with pytest.raises(PermissionDenied):
        scoring.score_save(session_id=started_session.pk, application_id=applications[0].pk, value=80, by=other_examiner)


def test_scores_are_refused_before_the_start(session, examiner, applications):
    with pytest.raises(interviews.InterviewError):
        scoring.score_save(session_id=session.pk, application_id=applications[0].pk, value=80, by=examiner)


@pytest.mark.parametrize("value", ["-1", "100.01", "abc", "80.123", "NaN"])
def test_a_bad_score_is_refused(started_session, examiner, applications, value):
    with pytest.raises(interviews.InterviewError):
        scoring.score_save(session_id=started_session.pk, application_id=applications[0].pk, value=value, by=examiner)


def test_saving_again_replaces_the_examiners_score(started_session, examiner, applications):
    for value in ("70", "75.5"):
        scoring.score_save(session_id=started_session.pk, application_id=applications[0].pk, value=value, by=examiner)
    assert list(Score.objects.values_list("value", flat=True)) == [Decimal("75.50")]


def test_an_examiner_sees_only_their_own_scores(started_session, panel, applications):
    score_all(started_session, [[80, 81, 82], [90, 91, 92]])
    assert selectors.own_scores(started_session, panel[0].user) == {
        applications[0].pk: Decimal("80"),
        applications[1].pk: Decimal("81"),
        applications[2].pk: Decimal("82"),
    }
    assert selectors.own_scores(started_session, panel[4].user) == {}


def test_closing_needs_every_score_and_then_locks_them(office, started_session, examiner, applications):
    score_all(started_session, [[80, 81, 82]] * 4)
    with pytest.raises(interviews.InterviewError, match="missing"):
        scoring.session_close(session_id=started_session.pk, by=office)
    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    with pytest.raises(interviews.InterviewError):
        scoring.score_save(session_id=started_session.pk, application_id=applications[0].pk, value=99, by=examiner)
    assert Score.objects.get(examiner__user=examiner, application=applications[0]).value == Decimal("80")


def test_an_absent_candidate_needs_no_scores(office, started_session, applications):
    slot = started_session.slots.get(application=applications[2])
    interviews.slot_set_absent(session_id=started_session.pk, slot_id=slot.pk, absent=True, by=office)
    score_all(started_session, [[80, 81, None]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)


def test_a_correction_after_close_needs_the_office_and_a_reason_and_keeps_both_values(
    office, secretary, started_session, examiner, applications
):
    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    score = Score.objects.get(examiner__user=examiner, application=applications[0])
    with pytest.raises(PermissionDenied):
        scoring.score_correct(score_id=score.pk, value="85", reason="誊写错误", by=secretary)
    with pytest.raises(interviews.InterviewError):
        scoring.score_correct(score_id=score.pk, value="85", reason=" ", by=office)
    scoring.score_correct(score_id=score.pk, value="85", reason="誊写错误", by=office)
    correction = ScoreCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.reason, correction.by) == (
        Decimal("80"), Decimal("85"), "誊写错误", office,
    )
    score.refresh_from_db()
    assert score.value == Decimal("85")


def test_a_correction_and_its_audit_row_are_written_together(office, started_session, examiner, applications):
    from audit.models import AuditEvent

    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    score = Score.objects.get(examiner__user=examiner, application=applications[0])
    scoring.score_correct(score_id=score.pk, value="79", reason="笔误", by=office, client_address="10.0.0.7")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SCORE_CORRECTION)
    assert (event.actor, event.ip_address) == (office, "10.0.0.7")
    assert event.detail == {"score": score.pk, "old": "80.00", "new": "79.00", "reason": "笔误"}
    assert event.path == f"/interviews/sessions/{started_session.pk}/correct/"


def test_a_refused_correction_writes_no_audit_row(office, secretary, started_session, examiner, applications):
    from audit.models import AuditEvent

    score_all(started_session, [[80, 81, 82]] * 5)
    score = Score.objects.get(examiner__user=examiner, application=applications[0])
    with pytest.raises(interviews.InterviewError):  # the session is still running: nothing to correct yet
        scoring.score_correct(score_id=score.pk, value="79", reason="笔误", by=office)
    scoring.session_close(session_id=started_session.pk, by=office)
    with pytest.raises(interviews.InterviewError):
        scoring.score_correct(score_id=score.pk, value="80", reason="笔误", by=office)
    with pytest.raises(PermissionDenied):
        scoring.score_correct(score_id=score.pk, value="79", reason="笔误", by=secretary)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SCORE_CORRECTION).exists()
    assert not ScoreCorrection.objects.exists()


def test_a_correction_whose_audit_row_fails_is_undone(office, started_session, examiner, applications, monkeypatch):
    from audit.models import AuditEvent

    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    score = Score.objects.get(examiner__user=examiner, application=applications[0])

    def broken_audit(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(scoring, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        scoring.score_correct(score_id=score.pk, value="79", reason="笔误", by=office)
    score.refresh_from_db()
    assert score.value == Decimal("80") and not ScoreCorrection.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_slot_of_another_session_is_refused_not_a_404(office, campaign, started_session, interview_post):
    other = InterviewSession.objects.create(campaign=campaign, name="另一场")
    slot = started_session.slots.first()
    with pytest.raises(interviews.InterviewError):
        interviews.slot_set_absent(session_id=other.pk, slot_id=slot.pk, absent=True, by=office)
    with pytest.raises(interviews.InterviewError):
        interviews.slot_set_written_score(session_id=other.pk, slot_id=slot.pk, value="70", by=office)


def test_an_interview_refusal_is_an_action_refused():
    from core.exceptions import ActionRefused

    assert issubclass(interviews.InterviewError, ActionRefused)


def test_questions_are_hidden_from_examiners_until_the_session_starts(office, session, examiner):
    question = Question.objects.create(category="综合分析", text="谈谈你对基层治理的理解")
    interviews.session_pick_questions(session_id=session.pk, question_ids=[question.pk], by=office)
    assert not selectors.questions_visible(session, examiner).exists()
    assert list(selectors.questions_visible(session, office)) == [question]
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    session.refresh_from_db()
    assert list(selectors.questions_visible(session, examiner)) == [question]


def test_the_office_draws_questions_of_the_posts_kind(office, session):
    Question.objects.create(category="a", text="town", unit_kind="town")
    Question.objects.create(category="a", text="any")
    Question.objects.create(category="a", text="bureau", unit_kind="bureau")
    interviews.session_draw_questions(session_id=session.pk, count=2, by=office)
    assert sorted(session.questions.values_list("text", flat=True)) == ["any", "town"]
    with pytest.raises(interviews.InterviewError):
        interviews.session_draw_questions(session_id=session.pk, count=3, by=office)


def test_publishing_ranks_the_candidates_and_moves_the_post_on(office, started_session, interview_post, applications):
    interview_post.campaign.advance_count = 1
    interview_post.campaign.save()
    interview_post.places = 2
    interview_post.save()
    # Candidate 0: 70..90 → 80; candidate 1: all 90 → 90; candidate 2: all 60 → 60.
    score_all(started_session, [[70, 90, 60], [75, 90, 60], [80, 90, 60], [85, 90, 60], [90, 90, 60]])
    scoring.session_close(session_id=started_session.pk, by=office)
    scoring.session_publish(session_id=started_session.pk, by=office)
    results = {a.pk: a for a in Application.objects.filter(post=interview_post)}
    first, second, third = (results[a.pk] for a in applications)
    assert (second.interview_rank, second.final_score, second.advanced_to_evaluation) == (1, Decimal("90"), True)
    assert (first.interview_rank, first.final_score, first.advanced_to_evaluation) == (2, Decimal("80"), True)
    assert (third.interview_rank, third.advanced_to_evaluation, third.outcome) == (3, False, Application.Outcome.INTERVIEW_FAILED)
    assert third.outcome_on is not None and first.outcome == ""
    interview_post.refresh_from_db()
    assert interview_post.status == Post.Status.EVALUATION


def test_a_post_waits_at_interview_while_one_of_its_sessions_is_unpublished(office, interview_post):
    from competition import workflow

    InterviewSession.objects.create(campaign=interview_post.campaign, name="未完").posts.add(interview_post)
    with pytest.raises(workflow.WorkflowError):
        workflow.post_start_evaluation(post_id=interview_post.pk, by=office)


def test_a_candidate_sees_their_result_only_once_published(office, started_session, applications):
    from tests.factories import UserFactory

    user = UserFactory()
    person = applications[0].person
    person.user = user
    person.save()
    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    assert not selectors.candidate_results(user).exists()
    scoring.session_publish(session_id=started_session.pk, by=office)
    assert [slot.application_id for slot in selectors.candidate_results(user)] == [applications[0].pk]


def test_the_written_score_breaks_a_tie_and_counts_by_the_campaigns_weight(office, started_session, applications, interview_post):
    slots = {slot.application_id: slot for slot in started_session.slots.all()}
    interviews.slot_set_written_score(session_id=started_session.pk, slot_id=slots[applications[0].pk].pk, value="70", by=office)
    interviews.slot_set_written_score(session_id=started_session.pk, slot_id=slots[applications[1].pk].pk, value="90", by=office)
    score_all(started_session, [[85, 85, 60]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    ranking = selectors.post_ranking(interview_post)
    assert [row.slot.application_id for row in ranking] == [applications[1].pk, applications[0].pk, applications[2].pk]
    campaign = interview_post.campaign
    campaign.written_exam_weight, campaign.interview_weight = 40, 60
    campaign.save()
    interview_post.refresh_from_db()
    finals = {row.slot.application_id: row.final for row in selectors.post_ranking(interview_post)}
    assert finals[applications[0].pk] == Decimal("79.000")  # 85 × 0.6 + 70 × 0.4
    assert finals[applications[2].pk] == Decimal("36.000")  # no written score counts 0


def test_written_scores_are_the_offices_and_close_with_the_publication(office, secretary, started_session):
    slot = started_session.slots.first()
    with pytest.raises(PermissionDenied):
        interviews.slot_set_written_score(session_id=started_session.pk, slot_id=slot.pk, value="70", by=secretary)
    with pytest.raises(interviews.InterviewError):
        interviews.slot_set_written_score(session_id=started_session.pk, slot_id=slot.pk, value="170", by=office)
    score_all(started_session, [[80, 80, 80]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    scoring.session_publish(session_id=started_session.pk, by=office)
    with pytest.raises(interviews.InterviewError):
        interviews.slot_set_written_score(session_id=started_session.pk, slot_id=slot.pk, value="70", by=office)


def test_candidates_with_an_account_are_told_when_results_are_published(office, started_session, applications):
    from notifications.models import Notification
    from tests.factories import UserFactory

    user = UserFactory()
    applications[0].person.user = user
    applications[0].person.save()
    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    scoring.session_publish(session_id=started_session.pk, by=office)
    assert list(Notification.objects.filter(kind="interview_results").values_list("recipient", flat=True)) == [user.pk]


def test_with_dimensions_an_examiner_scores_each_and_the_total_is_the_weighted_mean(office, session, examiner, applications):
    interviews.session_set_dimensions(session_id=session.pk, dimensions=[("综合分析", 40), ("组织协调", 60)], by=office)
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    first, second = session.dimensions.all()
    with pytest.raises(interviews.InterviewError, match="every dimension"):
        scoring.score_save(session_id=session.pk, application_id=applications[0].pk, parts={first.pk: "80"}, by=examiner)
    score = scoring.score_save(
        session_id=session.pk, application_id=applications[0].pk, parts={first.pk: "80", second.pk: "90"}, by=examiner
    )
    assert score.value == Decimal("86.00")
    assert sorted(score.parts.values_list("value", flat=True)) == [Decimal("80"), Decimal("90")]
    scoring.score_save(session_id=session.pk, application_id=applications[0].pk, parts={first.pk: "70", second.pk: "90"}, by=examiner)
    assert Score.objects.get().value == Decimal("82.00") and Score.objects.get().parts.count() == 2


def test_dimensions_are_fixed_once_the_session_starts(office, started_session):
    with pytest.raises(interviews.InterviewError):
        interviews.session_set_dimensions(session_id=started_session.pk, dimensions=[("x", 1)], by=office)


@pytest.mark.parametrize("percent, places, expected", [(None, 1, 2), (50, 1, 2), (34, 1, 2), (10, 2, 2), (100, 1, 3)])
def test_the_campaign_sends_on_a_count_per_place_or_a_share_of_those_interviewed(
    office, started_session, interview_post, percent, places, expected
):
    campaign = interview_post.campaign
    campaign.advance_percent = percent
    campaign.save()
    interview_post.places = places
    interview_post.save()
    score_all(started_session, [[70, 80, 90]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    scoring.session_publish(session_id=started_session.pk, by=office)
    assert interview_post.applications.filter(advanced_to_evaluation=True).count() == expected


def test_the_examiners_with_an_account_are_told_when_the_session_starts(office, session, panel):
    from notifications.models import Notification

    panel[4].user = None
    panel[4].save()
    interviews.session_set_examiners(
        session_id=session.pk, examiner_ids=[e.pk for e in panel] + [make_examiner("e6").pk], by=office
    )
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    notified = set(Notification.objects.filter(kind="interview_started").values_list("recipient__username", flat=True))
    assert notified == {"examiner-e1", "examiner-e2", "examiner-e3", "examiner-e4", "examiner-e6"}
