import datetime

import pytest
from django.utils import timezone

from competition.models import Post, Round
from tests.factories import CandidateUserFactory, PersonFactory, UserFactory, post_in_state


def signed(person):
    person.declaration_signed_at = timezone.now()
    person.save()
    return person


@pytest.fixture
def person(candidate):
    """The candidate's profile, declaration signed, meeting the usual requirements."""
    p = candidate.person
    p.birth_date = datetime.date(1985, 6, 1)
    p.save()
    return signed(p)


@pytest.fixture
def other_candidate(db):
    user = CandidateUserFactory(username="other_candidate")
    signed(user.person)
    return user


@pytest.fixture
def reg_post(unit, campaign):
    """A post of ``unit`` in registration, its round's window open now."""
    return post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=None)


@pytest.fixture
def second_post(other_unit, reg_post):
    """Another post in the same campaign and round."""
    post = post_in_state(Post.Status.REGISTRATION, unit=other_unit, campaign=reg_post.campaign, max_age=None)
    Post.objects.filter(pk=post.pk).update(round=reg_post.round)
    post.refresh_from_db()
    return post


def close_window(post):
    Round.objects.filter(pk=post.round_id).update(
        registration_opens=timezone.now() - datetime.timedelta(days=10),
        registration_closes=timezone.now() - datetime.timedelta(seconds=1),
    )
    post.refresh_from_db()


def make_applicants(n):
    people = []
    for _ in range(n):
        user = UserFactory()
        people.append(signed(PersonFactory(user=user, birth_date=datetime.date(1985, 1, 1))))
    return people

