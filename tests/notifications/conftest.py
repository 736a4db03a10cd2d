import datetime

import pytest
from django.utils import timezone

from competition.models import Application, Post
from tests.factories import ApplicationFactory, CandidateUserFactory, PostFactory, RoundFactory


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the reminder scan as beat would, with the sending tasks it queues run (eagerly) after commit."""
    from notifications.tasks import reminders_scan

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(**kwargs)

    return run


@pytest.fixture
def closing_round(campaign):
    """A round that closes tomorrow at 17:00."""
    closes = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    return RoundFactory(campaign=campaign, registration_opens=closes - datetime.timedelta(days=10), registration_closes=closes)


@pytest.fixture
def registration_post(campaign, closing_round, unit):
    post = PostFactory(campaign=campaign, unit=unit, round=closing_round)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.REGISTRATION)
    post.refresh_from_db()
    return post


@pytest.fixture
def pending_application(registration_post, candidate):
    """The candidate's application, still awaiting qualification review."""
    return ApplicationFactory(
        post=registration_post, round=registration_post.round, person=candidate.person, status=Application.Status.SUBMITTED
    )


def candidate_user(**kwargs):
    return CandidateUserFactory(**kwargs)
