"""Two committee decisions recorded at the same moment on a post with one place left: never more appointees than
places (PostgreSQL, two connections)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from competition.decision import services as decisions
from competition.models import Application, Decision, Post
from competition.workflow import WorkflowError
from tests.competition.stages import (
    at_inspection_with_places,
    decide_on,
    inspect,
    members,
    roster_votes,
    through_publicity,
)
from tests.markers import needs_postgresql

pytestmark = needs_postgresql


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_appointments_cannot_exceed_the_places(unit, office, secretary):
    # Two places, three candidates awaiting the committee: the first is appointed, then two secretaries' records of
    # the two others arrive at once for the one place left.
    post = at_inspection_with_places(unit, office, places=2, advancing=3)
    Application.objects.filter(post=post).update(chosen=True)  # all three chosen (差额), inspected and publicised
    for _ in range(3):
        inspect(post, office)
    through_publicity(post, secretary)
    assert post.status == Post.Status.DECISION
    first, second, third = Application.objects.filter(post=post).order_by("interview_rank")
    decide_on(post, first, secretary, present_agree=5)
    votes = roster_votes(post.unit, members(present_agree=5))
    barrier = threading.Barrier(2)
    results = []

    def record(application):
        try:
            barrier.wait()
            decisions.decision_record(
                post_id=post.pk, application_id=application.pk, meeting_date=timezone.localdate(),
                votes=votes, by=secretary,
            )  # fmt: skip
            results.append("appointed")
        except WorkflowError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(a,)) for a in (second, third)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["appointed", "refused"]
    passed = Decision.objects.filter(post=post, result=Decision.Result.PASSED)
    assert sorted(passed.values_list("place_no", flat=True)) == [1, 2]
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED
    assert Application.objects.filter(post=post, outcome=Application.Outcome.APPOINTED).count() == 2
