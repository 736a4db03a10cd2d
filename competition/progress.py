"""The eight steps of a post as a progress bar, with the date each step was reached."""

from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

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
STEP_OF_STATE = {state: number for number, _label, states in STEPS for state in states}


def post_log(post):
    return StateLog.objects.for_(post).select_related("by").order_by("timestamp", "pk")


def post_progress(post, log=None):
    """Each step with its state (done / current / todo) and the date it was first reached."""
    log = list(post_log(post)) if log is None else log
    reached = {}
    if post.created_at:
        reached[1] = post.created_at
    last_step = 1
    for entry in log:
        step = STEP_OF_STATE.get(entry.state)
        if step:
            reached.setdefault(step, entry.timestamp)
            last_step = step
    current = STEP_OF_STATE.get(post.status, last_step)
    steps = []
    for number, label, _states in STEPS:
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
