"""The one guarded transition of a django-fsm machine (the post workflow, the reappointment).

Calling a transition method checks neither the user's permission nor, with a message anyone could read, why the
transition cannot happen; ``guarded_transition`` does both, in the order a person needs to hear them: this state
has no such step, you may not take it, its conditions are not met. Each machine keeps its own lock helper and its
own refusal class and words, given here as a ``Refusals``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django_fsm import can_proceed

from core.exceptions import ActionRefused

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Refusals:
    """How one machine refuses a step: its error class and the user's messages."""

    error: type[ActionRefused]
    # The instance's state has no such step: the message names the state.
    not_now: Callable[[models.Model], str]
    # The user lacks the transition's permission (a 403).
    forbidden: Callable[[], str]
    # A condition of the step is not met: the instance and the transition's name say which.
    unmet: Callable[[models.Model, str], str]


def guarded_transition(instance: M, name: str, *, by, description: str = "", refusals: Refusals) -> M:
    """Take the transition ``name`` on ``instance`` (locked by the caller) as ``by`` and save it.

    ``by=None`` is the system itself (a periodic task): it has every permission, but the conditions still apply.
    django-fsm-log writes its row (who, from, to, ``description``) in the caller's transaction.
    """
    method = getattr(instance, name)
    if not can_proceed(method, check_conditions=False):
        raise refusals.error(refusals.not_now(instance))
    state = method._django_fsm.field.get_state(instance)
    if by is not None and not method._django_fsm.has_transition_perm(instance, state, by):
        raise PermissionDenied(refusals.forbidden())
    if not can_proceed(method):
        raise refusals.error(refusals.unmet(instance, name))
    method(by=by, description=description or None)
    instance.save()
    return instance
