"""Democratic evaluation: codes, one ballot per code (also concurrently), secrecy, tallies and their edges."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, models
from django.utils import timezone

from competition import workflow
from competition.evaluation import services as evaluations
from competition.models import Application, Ballot, BallotCode, BallotMark, Evaluation, Post, Rating
from tests.competition.stages import at_evaluation, vote_all
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db
E, C, B, I = Rating.EXCELLENT, Rating.COMPETENT, Rating.BASIC, Rating.INCOMPETENT


@pytest.fixture
def evaluation(unit, office):
    post = at_evaluation(unit)
    return evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)


def ratings(evaluation, *values):
    return {c.pk: v for c, v in zip(evaluation.candidates.order_by("order"), values)}


def test_opening_puts_the_advancing_candidates_on_the_ballot_in_interview_rank_order(unit, office):
    post = at_evaluation(unit, advancing=2)
    Application.objects.filter(post=post, interview_rank=1).update(interview_rank=5)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=10, date=timezone.localdate(), by=office)
    ranks = [c.application.interview_rank for c in evaluation.candidates.order_by("order")]
    assert ranks == [2, 5]


def test_only_the_office_opens_an_evaluation_and_only_once(unit, office, secretary):
    post = at_evaluation(unit)
    with pytest.raises(PermissionDenied):
        evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=secretary)
    evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    with pytest.raises(workflow.WorkflowError):
        evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)


def test_an_evaluation_needs_candidates_from_the_interview(unit, office):
    post = at_evaluation(unit, advancing=0)
    with pytest.raises(workflow.WorkflowError, match="No candidate"):
        evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)


def test_codes_have_120_random_bits_in_six_groups_and_are_stored_only_as_hashes(evaluation, office):
    codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    assert len(codes) == 3 and len(set(codes)) == 3
    for code in codes:
        groups = code.split("-")
        assert len(groups) == 6 and all(len(g) == 4 for g in groups)
        assert set("".join(groups)) <= set(evaluations.ALPHABET)
    assert len(evaluations.ALPHABET) ** 24 >= 2**120
    stored = list(BallotCode.objects.filter(evaluation=evaluation).values_list("code_hash", flat=True))
    assert len(stored) == 3
    for code in codes:
        assert code not in stored and evaluations.normalise_code(code) not in stored
        assert evaluations.hash_code(evaluation.salt, code) in stored


def test_a_code_is_accepted_in_lower_case_with_spaces_and_confusable_letters(evaluation, office):
    code = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)[0]
    typed = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    evaluations.ballot_cast(code=typed, ratings=ratings(evaluation, E, C))
    assert Ballot.objects.filter(evaluation=evaluation).count() == 1


def test_a_used_code_is_refused(evaluation, office):
    code = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)[0]
    evaluations.ballot_cast(code=code, ratings=ratings(evaluation, E, C))
    with pytest.raises(evaluations.BallotError, match="already been used"):
        evaluations.ballot_cast(code=code, ratings=ratings(evaluation, I, I))
    assert Ballot.objects.count() == 1
    assert sorted(BallotMark.objects.values_list("rating", flat=True)) == sorted([E, C])


def test_a_ballot_must_rate_every_candidate_and_then_leaves_the_code_unused(evaluation, office):
    code = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)[0]
    with pytest.raises(evaluations.BallotError, match="rate every candidate"):
        evaluations.ballot_cast(code=code, ratings=ratings(evaluation, E))
    with pytest.raises(evaluations.BallotError):
        evaluations.ballot_cast(code=code, ratings=ratings(evaluation, E, "splendid"))
    assert not BallotCode.objects.filter(used=True).exists()
    evaluations.ballot_cast(code=code, ratings=ratings(evaluation, E, B))


def test_codes_cannot_be_replaced_once_voting_has_started(evaluation, office):
    codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    replaced = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    with pytest.raises(evaluations.BallotError):
        evaluations.ballot_cast(code=codes[0], ratings=ratings(evaluation, E, C))
    evaluations.ballot_cast(code=replaced[0], ratings=ratings(evaluation, E, C))
    with pytest.raises(workflow.WorkflowError, match="Voting has started"):
        evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)


@pytest.mark.django_db(transaction=True)
def test_one_code_submitted_on_two_connections_at_once_gives_exactly_one_ballot(unit, office):
    post = at_evaluation(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    code = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)[0]
    marks = ratings(evaluation, E, C)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=10)
            evaluations.ballot_cast(code=code, ratings=marks)
            outcomes.append("ok")
        except evaluations.BallotError:
            outcomes.append("refused")
        except OperationalError:
            # SQLite's shared in-memory test database refuses a concurrent writer instead of making it wait.
            if connection.vendor != "sqlite":
                raise
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Ballot.objects.filter(evaluation=evaluation).count() == 1
    assert BallotMark.objects.count() == 2


def test_no_path_leads_from_a_ballot_to_a_code_or_a_time():
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    relations = [f for f in fields.values() if f.is_relation]
    assert {f.related_model for f in relations} <= {Evaluation, BallotMark}
    assert not any(f.related_model is BallotCode for f in relations)
    assert not any(isinstance(f, (models.DateTimeField, models.TimeField, models.DateField)) for f in fields.values())
    # BallotCode has no link to a ballot either, and no time of use.
    code_fields = BallotCode._meta.get_fields()
    assert not any(f.is_relation and f.related_model in (Ballot, BallotMark) for f in code_fields)
    assert not any(isinstance(f, (models.DateTimeField, models.TimeField, models.DateField)) for f in code_fields)
    with connection.cursor() as cursor:
        ballot_columns = {c.name for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)}
        mark_columns = {c.name for c in connection.introspection.get_table_description(cursor, BallotMark._meta.db_table)}
        code_columns = {c.name for c in connection.introspection.get_table_description(cursor, BallotCode._meta.db_table)}
    assert ballot_columns == {"id", "evaluation_id"}
    assert mark_columns == {"id", "ballot_id", "candidate_id", "rating"}
    assert code_columns == {"id", "evaluation_id", "code_hash", "used"}


def test_ballot_ids_are_random_not_in_voting_order(evaluation, office):
    vote_all(evaluation, [[E, C]] * 3)
    ids = list(Ballot.objects.values_list("id", flat=True))
    assert len(set(ids)) == 3 and all(ballot_id.version == 4 for ballot_id in ids)


@pytest.mark.parametrize(
    ("cast", "called", "reached"),
    [(2, 3, True), (1, 3, False), (66, 100, False), (67, 100, True), (0, 1, False), (1, 1, True)],
)
def test_turnout_is_at_least_two_thirds_of_those_called(cast, called, reached):
    campaign = CampaignFactory.build()
    assert evaluations.turnout_reached(cast, called, campaign) is reached


@pytest.mark.parametrize(
    ("approving", "cast", "passes"),
    [(5, 10, True), (4, 10, False), (2, 3, True), (1, 3, False), (0, 0, False), (1, 1, True)],
)
def test_the_threshold_passes_at_exactly_half_and_fails_below(approving, cast, passes):
    campaign = CampaignFactory.build()  # 1/2 by default
    assert evaluations.rating_passes(approving, cast, campaign) is passes


def test_a_configured_threshold_of_two_thirds_fails_just_below():
    campaign = CampaignFactory.build(evaluation_pass_numerator=2, evaluation_pass_denominator=3)
    assert evaluations.rating_passes(6, 9, campaign)
    assert not evaluations.rating_passes(5, 9, campaign)


def test_paper_ballots_count_with_online_ones(evaluation, office):
    vote_all(evaluation, [[E, I]])
    counts = {c.pk: four for c, four in zip(evaluation.candidates.order_by("order"), [(1, 0, 0, 0), (0, 0, 0, 1)])}
    evaluations.evaluation_record_paper(evaluation_id=evaluation.pk, ballots=1, counts=counts, by=office)
    evaluation.refresh_from_db()
    results = evaluations.evaluation_results(evaluation)
    assert results["cast"] == 2 and results["turnout_reached"]
    assert [row["counts"] for row in results["rows"]] == [[2, 0, 0, 0], [0, 0, 0, 2]]
    assert [row["passes"] for row in results["rows"]] == [True, False]


def test_paper_tallies_cannot_exceed_those_called_or_the_ballots(evaluation, office):
    vote_all(evaluation, [[E, C]] * 2)
    ids = list(evaluation.candidates.order_by("order").values_list("pk", flat=True))
    with pytest.raises(workflow.WorkflowError, match="more than"):
        evaluations.evaluation_record_paper(evaluation_id=evaluation.pk, ballots=2, counts={i: (0, 0, 0, 0) for i in ids}, by=office)
    with pytest.raises(workflow.WorkflowError, match="more ratings"):
        evaluations.evaluation_record_paper(evaluation_id=evaluation.pk, ballots=1, counts={ids[0]: (1, 1, 0, 0), ids[1]: (0, 0, 0, 0)}, by=office)
    evaluation.refresh_from_db()
    assert evaluation.paper_ballots == 0


def test_closing_below_the_turnout_is_refused(evaluation, office):
    vote_all(evaluation, [[E, C]])
    with pytest.raises(workflow.WorkflowError, match="Only 1 of 3"):
        evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    evaluation.refresh_from_db()
    assert evaluation.is_open


def test_closing_records_results_fails_the_others_and_sends_the_post_to_inspection(evaluation, office):
    vote_all(evaluation, [[E, I], [C, B]])
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    evaluation.refresh_from_db()
    post = Post.objects.get(pk=evaluation.post_id)
    assert post.status == Post.Status.INSPECTION
    first, second = evaluation.candidates.order_by("order")
    assert first.passed is True and second.passed is False
    second.application.refresh_from_db()
    assert second.application.outcome == Application.Outcome.EVALUATION_FAILED
    assert second.application.outcome_on == evaluation.date
    with pytest.raises(evaluations.BallotError):
        evaluations.ballot_cast(code="0000-0000-0000-0000-0000-0000", ratings={})


def test_a_closed_evaluation_takes_no_more_ballots(evaluation, office):
    codes = vote_all(evaluation, [[E, C], [E, C]])
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    with pytest.raises(evaluations.BallotError):
        evaluations.ballot_cast(code=codes[2], ratings=ratings(evaluation, E, C))


def test_when_nobody_passes_the_post_fails(evaluation, office):
    vote_all(evaluation, [[I, B], [B, I]])
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    post = Post.objects.get(pk=evaluation.post_id)
    assert post.status == Post.Status.FAILED
    assert set(post.applications.filter(advanced_to_evaluation=True).values_list("outcome", flat=True)) == {
        Application.Outcome.EVALUATION_FAILED
    }


def test_a_failed_posts_open_evaluation_takes_no_more_ballots(evaluation, office):
    code = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)[0]
    workflow.post_fail(post_id=evaluation.post_id, by=office, reason="职位撤销")
    with pytest.raises(evaluations.BallotError):
        evaluations.ballot_cast(code=code, ratings=ratings(evaluation, E, C))
    assert not Ballot.objects.exists()
