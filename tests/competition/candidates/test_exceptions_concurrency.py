"""Two office members confirming one exception at once: one confirmation, the pre-check run once."""

import pytest
from django.db import connection

from competition.candidates import services
from competition.models import ExceptionRequest
from competition.registration import services as registration
from tests.competition.registration.test_concurrency import run_together
from tests.factories import OfficeUserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_two_confirmations_at_once_give_one(office, candidate, person, reg_post):
    reg_post.min_leadership_level, reg_post.min_grade, reg_post.min_years_in_rank = person.leadership_level, "", 30
    reg_post.save()
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    exception = services.exception_request(
        application_id=application.pk, requirement="years_in_rank", reason="业绩", evidence=None, by=candidate
    )
    services.exception_decide(exception_id=exception.pk, approve=True, reason="同意", by=office)
    second, third = OfficeUserFactory(username="o2"), OfficeUserFactory(username="o3")
    results = run_together([
        lambda: services.exception_confirm(exception_id=exception.pk, by=second),
        lambda: services.exception_confirm(exception_id=exception.pk, by=third),
    ])
    assert sum(isinstance(r, services.CandidateFileError) for r in results) == 1, results
    exception = ExceptionRequest.objects.get(pk=exception.pk)
    assert exception.status == "approved" and exception.confirmed_by in (second, third)
