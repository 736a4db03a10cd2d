"""The secret ballot after close, and the sealed tallies while the vote is open (issue 14, points 1 and 2)."""

import itertools

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from competition.evaluation import services as evaluations
from competition.models import Ballot, BallotCode, BallotMark, Rating
from tests.competition.stages import at_evaluation, vote_all
from tests.markers import needs_postgresql

PATTERNS = list(itertools.product(Rating.values, repeat=2))[:8]  # eight distinguishable ballots


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ballot_patterns(order_by):
    """Each ballot's two ratings (in ballot order), with the ballots ordered as an attacker would order them."""
    marks = {}
    for ballot_id, order, rating in BallotMark.objects.values_list("ballot_id", "candidate__order", "rating"):
        marks.setdefault(ballot_id, {})[order] = rating
    table = Ballot._meta.db_table
    ids = [row[0] for row in _rows(f"SELECT id FROM {table} ORDER BY {order_by}")]  # noqa: S608
    return [(marks[i][1], marks[i][2]) for i in ids]


def _voted(unit, office):
    """An open evaluation with the eight PATTERNS cast online, in that order."""
    post = at_evaluation(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=len(PATTERNS), date=timezone.localdate(), by=office)
    return evaluation, vote_all(evaluation, PATTERNS)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_after_close_no_xmin_id_or_row_order_links_a_ballot_to_its_code_or_to_the_casting_order(unit, office):
    evaluation, codes = _voted(unit, office)
    hashes = [evaluations.hash_code(evaluation.salt, code) for code in codes]
    code_table, ballot_table, mark_table = (m._meta.db_table for m in (BallotCode, Ballot, BallotMark))
    join = (
        f"SELECT c.code_hash, b.id FROM {code_table} c JOIN {ballot_table} b ON c.xmin::text = b.xmin::text"  # noqa: S608
    )
    # While the vote is open, the attack works (this is what the close must undo).
    assert len(_rows(join)) == len(PATTERNS)
    assert _ballot_patterns("ctid") == PATTERNS

    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)  # its on_commit runs the VACUUM
    evaluations.ballots_vacuum()  # and again, explicitly: it is idempotent

    # Every code row and every ballot and mark row now carries one and the same xmin, the close's: joining on it
    # pairs every code with every ballot, which says nothing.
    xmins = {row[0] for row in _rows(f"SELECT DISTINCT xmin::text FROM {code_table}")}  # noqa: S608
    xmins |= {row[0] for row in _rows(f"SELECT DISTINCT xmin::text FROM {ballot_table}")}  # noqa: S608
    xmins |= {row[0] for row in _rows(f"SELECT DISTINCT xmin::text FROM {mark_table}")}  # noqa: S608
    assert len(xmins) == 1
    assert len(_rows(join)) == len(PATTERNS) ** 2
    # The codes are all still there (used), the ballots are all still there with their marks.
    assert sorted(BallotCode.objects.filter(used=True).values_list("code_hash", flat=True)) == sorted(hashes)
    assert sorted(_ballot_patterns("id")) == sorted(PATTERNS)
    # No ordering reproduces the casting order (a random shuffle of 8 equals it once in 40,320), nor the order in
    # which the codes were issued.
    for order_by in ("id", "ctid"):
        assert _ballot_patterns(order_by) != PATTERNS
    by_mark_id = []
    for (ballot_id,) in _rows(f"SELECT ballot_id FROM {mark_table} ORDER BY id"):  # noqa: S608
        if ballot_id not in by_mark_id:
            by_mark_id.append(ballot_id)
    marks = {}
    for ballot_id, order, rating in BallotMark.objects.values_list("ballot_id", "candidate__order", "rating"):
        marks.setdefault(ballot_id, {})[order] = rating
    assert [(marks[i][1], marks[i][2]) for i in by_mark_id] != PATTERNS
    code_order = [row[0] for row in _rows(f"SELECT code_hash FROM {code_table} ORDER BY ctid")]  # noqa: S608
    assert code_order != hashes
    assert evaluation.ballots.count() == len(PATTERNS)


@pytest.mark.django_db
def test_closing_rewrites_the_ballots_with_new_ids_and_keeps_every_vote(unit, office):
    evaluation, _codes = _voted(unit, office)
    before_ids = set(Ballot.objects.values_list("pk", flat=True))
    before_counts = evaluations.evaluation_results(evaluation)["rows"]
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    assert set(Ballot.objects.values_list("pk", flat=True)).isdisjoint(before_ids)
    assert Ballot.objects.count() == len(PATTERNS) and BallotMark.objects.count() == 2 * len(PATTERNS)
    assert BallotCode.objects.filter(evaluation=evaluation, used=True).count() == len(PATTERNS)
    after = evaluations.evaluation_results(evaluation)["rows"]
    assert [r["counts"] for r in after] == [r["counts"] for r in before_counts]


@pytest.mark.django_db
def test_while_the_vote_is_open_the_office_and_the_secretary_see_only_the_turnout(client, unit, office, secretary):
    post = at_evaluation(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    vote_all(evaluation, [[Rating.INCOMPETENT, Rating.EXCELLENT]] * 2)
    url = reverse("appointment:evaluation_results", args=[post.pk])
    for user in (office, secretary):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert 'data-testid="sealed"' in page and 'data-testid="turnout"' in page
        assert "<td>2</td>" not in page  # no count per candidate
    client.force_login(office)
    evaluations.evaluation_record_paper(evaluation_id=evaluation.pk, ballots=0, counts={c.pk: (0, 0, 0, 0) for c in evaluation.candidates.all()}, by=office)
    evaluation.called = 2
    evaluation.save(update_fields=["called"])
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert 'data-testid="sealed"' not in page and "<td>2</td>" in page


@pytest.mark.django_db
def test_a_vote_abandoned_by_cancelling_the_post_is_rewritten_too(unit, office):
    from competition import workflow

    evaluation, _codes = _voted(unit, office)
    before = set(Ballot.objects.values_list("pk", flat=True))
    workflow.post_cancel(post_id=evaluation.post_id, by=office, reason="岗位撤销")
    after = set(Ballot.objects.values_list("pk", flat=True))
    assert len(after) == len(PATTERNS) and after.isdisjoint(before)
    assert BallotMark.objects.count() == 2 * len(PATTERNS)
