"""Two office members record the extra interviews of a tie at the places' line at the same moment (PostgreSQL, two
connections): the post's row lock makes the second see the first, so the tie is broken, one candidate is chosen and
the post goes to publicity once."""

import threading

import pytest
from django.db import connection

from competition.interviews import scoring
from competition.models import Campaign, Post, Publicity
from tests.competition.stages import inspect
from tests.competition.test_shortlists import evaluated
from tests.factories import OfficeUserFactory
from tests.markers import needs_postgresql

pytestmark = needs_postgresql


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_extra_interviews_break_the_tie_once(unit, office):
    post = evaluated(unit, office, [("85", "75"), ("75", "85"), ("60", "60")], tie_rule=Campaign.TieRule.EXTRA_INTERVIEW)
    inspect(post, office)
    inspect(post, office)
    first, second, _third = post.applications.order_by("pk")
    colleague = OfficeUserFactory(username="office2")
    barrier = threading.Barrier(2)
    errors = []

    def record(application, value, user):
        try:
            barrier.wait()
            scoring.extra_interview_record(application_id=application.pk, value=value, reason="加试", by=user)
        except Exception as error:  # noqa: BLE001 (the assertion below shows it)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(first, "70", office)),
        threading.Thread(target=record, args=(second, "88", colleague)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    assert list(post.applications.filter(chosen=True)) == [second]
    assert list(Publicity.objects.filter(post=post).values_list("application", flat=True)) == [second.pk]
