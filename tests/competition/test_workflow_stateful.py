"""A hypothesis state machine over the workflow's service functions.

Whatever sequence of actions, users and reasons is tried, the post never skips a step, never leaves a
terminal state, and the log tells exactly the path it took.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_fsm_log.models import StateLog
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from competition import workflow
from competition.models import Post, Round
from tests.factories import ApplicationFactory, OfficeUserFactory, PostFactory, RoundFactory, SecretaryFactory

S = Post.Status
MAIN_PATH = [S.DRAFT, S.RELEASED, S.ACCEPTED, S.ANNOUNCED, S.REGISTRATION, S.INTERVIEW, S.EVALUATION,
             S.INSPECTION, S.PUBLICITY, S.DECISION, S.APPOINTED]
# Every legal move: (from, to). Anything else in the log is a bug.
LEGAL = {(a, b) for a, b in zip(MAIN_PATH, MAIN_PATH[1:])} | {
    (S.RELEASED, S.RETURNED),
    (S.RETURNED, S.RELEASED),
    (S.REGISTRATION, S.INTERNAL),
    *((s, S.FAILED) for s in Post.FAILABLE_STATES),
    *((s, S.CANCELLED) for s in Post.CANCELLABLE_STATES),
}
SERVICES = {
    "submit": lambda pk, by, reason: workflow.post_submit(post_id=pk, by=by),
    "return": lambda pk, by, reason: workflow.post_return(post_id=pk, by=by, reason=reason),
    "accept": lambda pk, by, reason: workflow.post_accept(post_id=pk, by=by),
    "announce": lambda pk, by, reason: workflow.post_announce(post_id=pk, by=by),
    "open_registration": lambda pk, by, reason: workflow.post_open_registration(post_id=pk, by=by),
    "start_interview": lambda pk, by, reason: workflow.post_start_interview(post_id=pk, by=by),
    "move_to_internal": lambda pk, by, reason: workflow.post_move_to_internal(post_id=pk, by=by, reason=reason),
    "start_evaluation": lambda pk, by, reason: workflow.post_start_evaluation(post_id=pk, by=by),
    "start_inspection": lambda pk, by, reason: workflow.post_start_inspection(post_id=pk, by=by),
    "start_publicity": lambda pk, by, reason: workflow.post_start_publicity(post_id=pk, by=by),
    "await_decision": lambda pk, by, reason: workflow.post_await_decision(post_id=pk, by=by),
    "appoint": lambda pk, by, reason: workflow.post_appoint(post_id=pk, by=by),
    "fail": lambda pk, by, reason: workflow.post_fail(post_id=pk, by=by, reason=reason),
    "cancel": lambda pk, by, reason: workflow.post_cancel(post_id=pk, by=by, reason=reason),
}


class PostWorkflowMachine(RuleBasedStateMachine):
    @initialize()
    def make_post(self):
        self.secretary = SecretaryFactory()
        self.stranger = SecretaryFactory()
        self.office = OfficeUserFactory()
        self.post = PostFactory(unit=self.secretary.secretary_of)
        self.round = RoundFactory(campaign=self.post.campaign)
        Post.objects.filter(pk=self.post.pk).update(round=self.round)
        self.history = [S.DRAFT]

    @rule(
        action=st.sampled_from(sorted(SERVICES)),
        who=st.sampled_from(["office", "secretary", "stranger", "system"]),
        reason=st.sampled_from(["", "理由"]),
    )
    def try_action(self, action, who, reason):
        by = {"office": self.office, "secretary": self.secretary, "stranger": self.stranger, "system": None}[who]
        before = Post.objects.get(pk=self.post.pk).status
        try:
            after = SERVICES[action](self.post.pk, by, reason).status
        except (workflow.WorkflowError, PermissionDenied):
            assert Post.objects.get(pk=self.post.pk).status == before
            return
        assert who != "stranger", "another unit's secretary moved the post"
        assert (before, after) in LEGAL, f"{action} moved {before} → {after}"
        self.history.append(after)

    @rule()
    def close_registration_with_applicants(self):
        Round.objects.filter(pk=self.round.pk).update(registration_closes=timezone.now() - datetime.timedelta(seconds=1))
        post = Post.objects.get(pk=self.post.pk)
        if post.qualified_applications().count() < post.campaign.min_qualified_applicants:
            for _ in range(3):
                ApplicationFactory(post=post, round=self.round)

    @invariant()
    def log_matches_history(self):
        if not hasattr(self, "post"):
            return
        states = list(StateLog.objects.for_(self.post).order_by("timestamp", "pk").values_list("state", flat=True))
        assert [S.DRAFT, *states] == self.history
        assert Post.objects.get(pk=self.post.pk).status == self.history[-1]


class TestPostWorkflowMachine(TestCase, PostWorkflowMachine.TestCase):
    pass


TestPostWorkflowMachine.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=None, suppress_health_check=list(HealthCheck)
)


def test_the_stateful_test_knows_every_service():
    assert {name for name in workflow.ACTIONS} - {"return_to_unit"} <= set(SERVICES)
