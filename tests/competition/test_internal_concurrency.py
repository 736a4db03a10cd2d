"""Moving posts inward from two tabs at once, on two database connections: one internal competition per unit."""

import threading

import pytest
from django.db import connection

from competition import workflow
from competition.models import Campaign, Post
from tests.competition.registration.conftest import close_window
from tests.factories import CampaignFactory, post_in_state
from tests.markers import needs_postgresql

pytestmark = needs_postgresql


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except workflow.WorkflowError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


def closed_post(unit, campaign):
    post = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=None)
    close_window(post)
    return post


@pytest.mark.django_db(transaction=True)
def test_the_same_move_from_two_tabs_creates_one_internal_campaign_and_one_draft(office, unit):
    post = closed_post(unit, CampaignFactory())

    def move():
        workflow.post_move_to_internal(post_id=post.pk, by=office, reason="合格人数不足")

    assert run_together(move, move) == ["ok", "refused"]
    assert Campaign.objects.filter(kind="internal", unit=unit).count() == 1
    assert Post.objects.filter(moved_from=post).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_unit_moved_at_once_share_one_new_internal_campaign(office, unit):
    campaign = CampaignFactory()
    first, second = closed_post(unit, campaign), closed_post(unit, campaign)

    results = run_together(
        lambda: workflow.post_move_to_internal(post_id=first.pk, by=office, reason="合格人数不足"),
        lambda: workflow.post_move_to_internal(post_id=second.pk, by=office, reason="合格人数不足"),
    )
    assert results == ["ok", "ok"]
    internal = Campaign.objects.get(kind="internal", unit=unit)
    assert set(internal.posts.values_list("moved_from", flat=True)) == {first.pk, second.pk}
