"""Two requests at once on one appeal: one row, one decision (PostgreSQL row locks)."""

import pytest
from django.db import connection

from competition.candidates import services
from competition.models import Appeal, QualificationReview
from competition.registration import services as registration
from tests.competition.registration.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.fixture
def refused(office, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_review(application_id=application.pk, by=office, qualified=False, reason="年限不足")
    return application


def test_two_appeals_at_once_give_one_open_appeal(candidate, refused):
    results = run_together([lambda: services.appeal_file(application_id=refused.pk, reason="复核", by=candidate)] * 2)
    assert Appeal.objects.filter(application=refused).count() == 1
    assert sum(isinstance(r, services.CandidateFileError) for r in results) == 1, results


def test_two_decisions_at_once_give_one_decision(office, candidate, refused):
    appeal = services.appeal_file(application_id=refused.pk, reason="复核", by=candidate)
    results = run_together([
        lambda: services.appeal_decide(appeal_id=appeal.pk, uphold=True, reason="属实", by=office),
        lambda: services.appeal_decide(appeal_id=appeal.pk, uphold=False, reason="不属实", by=office),
    ])
    assert sum(isinstance(r, services.CandidateFileError) for r in results) == 1, results
    appeal.refresh_from_db()
    upheld_reviews = QualificationReview.objects.filter(application=refused, qualified=True).count()
    assert upheld_reviews == (1 if appeal.status == "upheld" else 0)
