"""core.transitions.guarded_transition, on the post's machine with a refusal class of the test's own."""

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm_log.models import StateLog

from competition.models import Post
from core.exceptions import ActionRefused
from core.transitions import Refusals, guarded_transition
from tests.factories import PostFactory, post_in_state

pytestmark = pytest.mark.django_db


class Refused(ActionRefused):
    pass


REFUSALS = Refusals(
    error=Refused,
    not_now=lambda post: f"now {post.status}",
    forbidden=lambda: "not yours",
    unmet=lambda post, name: f"{name} not ready",
)


def test_it_refuses_a_step_the_state_does_not_have_naming_the_state(office):
    post = PostFactory()
    with pytest.raises(Refused, match="now draft"):
        guarded_transition(post, "accept", by=office, refusals=REFUSALS)
    assert not StateLog.objects.for_(post).exists()


def test_it_refuses_a_user_without_the_permission_with_a_403(candidate):
    post = PostFactory()
    with pytest.raises(PermissionDenied, match="not yours"):
        guarded_transition(post, "submit", by=candidate, refusals=REFUSALS)


def test_the_system_has_every_permission_but_must_meet_the_conditions():
    post = post_in_state(Post.Status.ACCEPTED)
    post.round = None
    with pytest.raises(Refused, match="announce not ready"):
        guarded_transition(post, "announce", by=None, refusals=REFUSALS)
    post = PostFactory()
    guarded_transition(post, "submit", by=None, refusals=REFUSALS)
    assert Post.objects.get(pk=post.pk).status == Post.Status.RELEASED


def test_it_saves_the_step_and_logs_who_took_it_and_why(secretary, unit):
    post = PostFactory(unit=unit)
    guarded_transition(post, "submit", by=secretary, description="ready", refusals=REFUSALS)
    entry = StateLog.objects.for_(post).get()
    assert (entry.by, entry.description, entry.state) == (secretary, "ready", Post.Status.RELEASED)
    assert Post.objects.get(pk=post.pk).status == Post.Status.RELEASED


def test_every_steps_refusal_is_an_action_refused():
    from competition.evaluation.services import BallotError
    from competition.workflow import WorkflowError
    from tenure.services import TenureError

    assert all(issubclass(error, ActionRefused) for error in (WorkflowError, BallotError, TenureError))
