"""The post page's shared parts: the eight steps as a progress bar with the date each step was reached, and the
registry of the panels each step shows on it.

A step registers a panel with ``register_post_panel(template_name)`` on a function ``(post, user)`` that returns a
context dict, or None when the panel has nothing to show this user for this post. The step packages' ``panel``
modules are imported by CompetitionConfig.ready(), in the order of the steps, which is the panels' order.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from accounts.models import User
from competition.models import Post

S = Post.Status
STEPS = [
    (1, _("Post release"), (S.DRAFT, S.RELEASED, S.RETURNED, S.ACCEPTED)),
    (2, _("Announcement"), (S.ANNOUNCED,)),
    (3, _("Registration and qualification review"), (S.REGISTRATION,)),
    (4, _("Interview"), (S.INTERVIEW,)),
    (5, _("Democratic evaluation"), (S.EVALUATION,)),
    (6, _("Inspection"), (S.INSPECTION,)),
    (7, _("Pre-appointment publicity"), (S.PUBLICITY,)),
    (8, _("Committee decision"), (S.DECISION, S.APPOINTED)),
]
# A campaign with a written exam (笔试) has it as a step of its own between registration and the interview; the
# steps are then numbered one to nine.
WRITTEN_STEP = (_("Written exam"), (S.WRITTEN,))


def steps_of(post: Post) -> list[tuple[int, Any, tuple]]:
    """The post's steps, numbered: the eight, and the written exam after registration when its campaign holds one."""
    if not post.campaign.has_written_exam:
        return STEPS
    labelled = [(label, states) for _number, label, states in STEPS]
    labelled.insert(3, WRITTEN_STEP)
    return [(number, label, states) for number, (label, states) in enumerate(labelled, start=1)]


def post_log(post: Post) -> QuerySet[StateLog]:
    return StateLog.objects.for_(post).select_related("by").order_by("timestamp", "pk")


def post_progress(post: Post, log: list[StateLog] | None = None) -> list[dict[str, Any]]:
    """Each step with its state (done / current / todo) and the date it was first reached."""
    log = list(post_log(post)) if log is None else log
    steps_ = steps_of(post)
    step_of_state = {state: number for number, _label, states in steps_ for state in states}
    reached = {}
    if post.created_at:
        reached[1] = post.created_at
    last_step = 1
    for entry in log:
        step = step_of_state.get(entry.state)
        if step:
            reached.setdefault(step, entry.timestamp)
            last_step = step
    current = step_of_state.get(post.status, last_step)
    steps = []
    for number, label, _states in steps_:
        if post.status == S.APPOINTED or number < current:
            state = "done"
        elif number == current and not post.is_terminal:
            state = "current"
        elif number == current:
            state = "stopped"
        else:
            state = "todo"
        steps.append({"number": number, "label": label, "state": state, "date": reached.get(number)})
    return steps


PanelContext = Callable[[Post, User], dict[str, Any] | None]
POST_PANELS: list[tuple[str, PanelContext]] = []


def register_post_panel(template_name: str) -> Callable[[PanelContext], PanelContext]:
    def decorator(context_function: PanelContext) -> PanelContext:
        POST_PANELS.append((template_name, context_function))
        return context_function

    return decorator


def post_panels(post: Post, user: User) -> list[dict[str, Any]]:
    panels = []
    for template_name, context_function in POST_PANELS:
        context = context_function(post, user)
        if context is not None:
            panels.append({"template": template_name, "context": context})
    return panels


def redirect_to_post(post_id: int) -> HttpResponseRedirect:
    """Back to the post page, where every step's form is posted from."""
    return redirect("competition:post_detail", post_id)
