"""Two examiners saving at the same moment: both scores are kept."""

import threading

import pytest
from django.db import connection

from competition.interviews import scoring
from competition.models import Score


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's shared in-memory test database locks whole tables across threads"
)
@pytest.mark.django_db(transaction=True)
def test_two_examiners_saving_at_the_same_moment_lose_nothing(started_session, panel, applications):
    barrier = threading.Barrier(len(panel))
    errors = []

    def save(examiner, value):
        try:
            barrier.wait()
            scoring.score_save(
                session_id=started_session.pk, application_id=applications[0].pk, value=value, by=examiner.user
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(e, 70 + i)) for i, e in enumerate(panel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(int(v) for v in Score.objects.values_list("value", flat=True)) == [70, 71, 72, 73, 74]
