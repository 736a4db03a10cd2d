"""A pause and applications racing (PostgreSQL): no application is accepted after the pause committed. Applying
key-share locks the round's row; pausing locks it for update (registration.control)."""

import threading
import time

import pytest
from django.db import connection, transaction

from competition.models import Application
from competition.registration import control
from competition.registration import services as registration
from tests.competition.registration.conftest import make_applicants
from tests.competition.registration.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_an_application_waiting_on_an_uncommitted_pause_is_refused_when_it_commits(office, candidate, person, reg_post):
    """The pause holds its lock, uncommitted; the application must wait for it and then see it. (Without the
    round's lock the application would read the round before the pause and be accepted after it.)"""
    paused, result = threading.Event(), {}

    def pause():
        try:
            with transaction.atomic():
                control.round_pause(round_id=reg_post.round_id, by=office, reason="职位条件更正中")
                paused.set()
                time.sleep(1.0)  # the application is now waiting on the round's row
        finally:
            connection.close()

    def apply():
        try:
            paused.wait(10)
            started = time.monotonic()
            try:
                registration.application_submit(post_id=reg_post.pk, by=candidate)
                result["outcome"] = "accepted"
            except registration.RegistrationError as error:
                result["outcome"] = str(error)
            result["waited"] = time.monotonic() - started
        finally:
            connection.close()

    threads = [threading.Thread(target=pause), threading.Thread(target=apply)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "职位条件更正中" in result["outcome"]
    assert result["waited"] > 0.5  # it waited for the pause's commit
    assert not Application.objects.exists()


def test_no_application_commits_after_the_pause_took_the_round(office, reg_post):
    """Many applicants and a pause at once. Inside its transaction, after taking the round's row, the pause counts
    the committed applications; the final count is the same: none slipped in after it."""
    people = make_applicants(6)
    seen = {}

    def pause():
        with transaction.atomic():
            control.round_pause(round_id=reg_post.round_id, by=office, reason="暂停")
            seen["count"] = Application.objects.filter(post=reg_post).count()

    def applying(user):
        return lambda: registration.application_submit(post_id=reg_post.pk, by=user)

    results = run_together([applying(p.user) for p in people[:3]] + [pause] + [applying(p.user) for p in people[3:]])
    accepted = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, registration.RegistrationError)]
    assert len(accepted) + len(refused) == 6, results
    assert all("暂停" in str(error) for error in refused)
    assert Application.objects.filter(post=reg_post).count() == seen["count"] == len(accepted)
