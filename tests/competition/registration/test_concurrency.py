"""Concurrent requests: one row per (post, person); the per-round cap holds."""

import threading

import pytest
from django.db import connection

from competition.models import Application
from competition.registration import services as registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite's in-memory test database locks whole tables: concurrency is a PostgreSQL matter (as in CI).
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_together(functions):
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_concurrent_submissions_of_the_same_application_give_one_row(candidate, person, reg_post):
    results = run_together([lambda: registration.application_submit(post_id=reg_post.pk, by=candidate)] * 2)
    assert Application.objects.filter(post=reg_post, person=person).count() == 1
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], registration.RegistrationError)


def test_the_per_round_cap_holds_under_concurrent_requests(candidate, person, reg_post, second_post):
    results = run_together(
        [
            lambda: registration.application_submit(post_id=reg_post.pk, by=candidate),
            lambda: registration.application_submit(post_id=second_post.pk, by=candidate),
        ]
    )
    assert Application.objects.filter(person=person, round=reg_post.round).count() == 1
    assert sum(isinstance(r, registration.RegistrationError) for r in results) == 1, results
