"""Two simultaneous attempts at the same transition, on two database connections."""

import threading

import pytest
from django.db import connection
from django_fsm_log.models import StateLog

from competition import workflow
from competition.models import Post
from tests.factories import post_in_state
from tests.markers import needs_postgresql

pytestmark = needs_postgresql


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_give_one_success_and_one_log_row(office):
    post = post_in_state(Post.Status.RELEASED)
    barrier = threading.Barrier(2)
    results = []

    def accept():
        try:
            barrier.wait()
            workflow.post_accept(post_id=post.pk, by=office)
            results.append("ok")
        except workflow.WorkflowError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["ok", "refused"]
    post.refresh_from_db()
    assert post.status == Post.Status.ACCEPTED
    assert StateLog.objects.for_(post).filter(transition="accept").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_different_transitions_at_once_leave_one_consistent_state(office):
    """Accept and return at the same moment: one wins, the other sees the new state and is refused."""
    post = post_in_state(Post.Status.RELEASED)
    barrier = threading.Barrier(2)
    results = []

    def run(name, **kwargs):
        try:
            barrier.wait()
            workflow.run_action(name, post_id=post.pk, by=office, **kwargs)
            results.append(name)
        except workflow.WorkflowError:
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("accept",)),
        threading.Thread(target=run, args=("return_to_unit",), kwargs={"reason": "材料不全"}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("refused") == 1
    winner = next(r for r in results if r != "refused")
    post.refresh_from_db()
    assert post.status == {"accept": Post.Status.ACCEPTED, "return_to_unit": Post.Status.RETURNED}[winner]
    assert StateLog.objects.for_(post).count() == 2  # submit, then the winner
