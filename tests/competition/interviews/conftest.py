"""Interview personas and sessions: five examiners of this session (``examiner`` is the first), an examiner
of another session, a post at the interview step with three qualified candidates."""

import pytest

from competition.interviews import scoring
from competition.interviews import services as interviews
from competition.models import Examiner, InterviewSession, Post
from tests.factories import ApplicationFactory, UserFactory, post_in_state


def make_examiner(name, unit=None, with_user=True):
    user = UserFactory(username=f"examiner-{name}") if with_user else None
    return Examiner.objects.create(name=name, unit=unit, user=user)


@pytest.fixture
def interview_post(unit, campaign):
    return post_in_state(Post.Status.INTERVIEW, unit=unit, campaign=campaign)


@pytest.fixture
def applications(interview_post):
    return list(interview_post.qualified_applications().order_by("pk"))


@pytest.fixture
def panel(db):
    return [make_examiner(f"e{i}") for i in range(1, 6)]


@pytest.fixture
def examiner(panel):
    """The user of an examiner of ``session``."""
    return panel[0].user


@pytest.fixture
def session(office, campaign, interview_post, panel):
    session = interviews.session_create(campaign=campaign, name="第一场", posts=[interview_post], by=office)
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in panel], by=office)
    return session


@pytest.fixture
def started_session(office, session):
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    session.refresh_from_db()
    return session


@pytest.fixture
def other_examiner(campaign):
    """The user of an examiner of another session of the same campaign."""
    examiner = make_examiner("other")
    InterviewSession.objects.create(campaign=campaign, name="第二场").examiners.add(examiner)
    return examiner.user


def score_all(session, values_by_examiner):
    """Each examiner (in pk order) gives the candidates (in application order) the listed scores."""
    examiners = list(session.examiners.order_by("pk"))
    applications = [slot.application_id for slot in session.slots.order_by("application_id")]
    for examiner, values in zip(examiners, values_by_examiner):
        for application_id, value in zip(applications, values):
            if value is not None:
                scoring.score_save(session_id=session.pk, application_id=application_id, value=value, by=examiner.user)


__all__ = ["ApplicationFactory", "make_examiner", "score_all"]

