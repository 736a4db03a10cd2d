"""The post workflow's service functions: the only way a post changes state.

Each one locks the post's row (``lock_post``) so that two clicks or two workers cannot both move it, then
checks the permission (calling a django-fsm transition does not), transitions and saves through
``core.transitions.guarded_transition``; django-fsm-log writes the log row (who, when, from, to, why) in the
same transaction. ``by=None`` means the system itself (a
periodic task), which has every permission but must still meet the transition's conditions.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed, has_transition_perm

from accounts.models import User
from competition import offering, vacancies
from competition.models import Application, Post
from core.exceptions import ActionRefused
from core.transitions import Refusals, guarded_transition
from notifications.messages import Paragraphs, Text
from notifications.services import notify

# When a post ends without an appointment, every application still in progress ends with it.
ENDING_OUTCOMES = {
    # The appointee's own outcome is set by the decision first; the candidates still in the running end here.
    Post.Status.APPOINTED: Application.Outcome.NOT_APPOINTED,
    Post.Status.INTERNAL: Application.Outcome.INTERNAL,
    Post.Status.FAILED: Application.Outcome.POST_FAILED,
    Post.Status.CANCELLED: Application.Outcome.POST_FAILED,
}


class WorkflowError(ActionRefused):
    """A transition that cannot happen now; the message is for the user."""


def lock_post(post_id: int) -> Post:
    """The post's row, locked until the transaction ends (only its own row: not its round's or campaign's)."""
    return Post.objects.select_for_update(of=("self",)).select_related("round", "campaign", "unit").get(pk=post_id)


def _transition(
    post_id: int, name: str, *, by: User | None, reason: str = "", require_reason: bool = False,
    check: Callable[[Post], None] | None = None,
) -> Post:
    """``check(post)``, if given, runs on the locked post when the transition could proceed, and may refuse."""
    if require_reason and not reason.strip():
        raise WorkflowError(_("Please give a reason."))
    with transaction.atomic():
        post = lock_post(post_id)
        if check is not None and can_proceed(getattr(post, name), check_conditions=False):
            check(post)
        post = guarded_transition(post, name, by=by, description=reason, refusals=_REFUSALS)
        if post.status in ENDING_OUTCOMES:
            _end_open_applications(post, ENDING_OUTCOMES[post.status], reason)
    return post


def _end_open_applications(post: Post, outcome: str, reason: str) -> None:
    """Give every application still in progress the post's ending as its outcome, and tell the applicants.

    A step that ends applications itself (closing registration, for one) sets their outcomes first; only
    those left in progress are ended and told here.
    """
    open_applications = (
        Application.objects.select_for_update(of=("self",))
        .filter(post=post, outcome=Application.Outcome.IN_PROGRESS)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("person__user")
    )
    open_applications = list(open_applications)
    ended = Application.objects.filter(pk__in=[a.pk for a in open_applications]).update(
        outcome=Case(
            When(status=Application.Status.UNQUALIFIED, then=Value(Application.Outcome.UNQUALIFIED)),
            default=Value(outcome),
        ),
        outcome_on=timezone.localdate(),
    )
    if not ended:
        return
    # Each applicant is told his own outcome: the runner-up of an appointed post was not appointed.
    by_outcome: dict[str, list[User]] = {}
    for application in open_applications:
        own = Application.Outcome.UNQUALIFIED if application.status == Application.Status.UNQUALIFIED else outcome
        if application.person.user_id:
            by_outcome.setdefault(own, []).append(application.person.user)
    for own, users in by_outcome.items():
        subject, next_step = ENDING_MESSAGES.get(own, ENDING_MESSAGES[Application.Outcome.POST_FAILED])
        notify(
            recipients=users,
            subject=Text(subject, post=post),
            body=Paragraphs(
                Text(next_step, post=post, unit=post.unit),
                reason and Text(gettext_lazy("Reason: %(reason)s"), reason=reason),
            ),
            url=reverse("registration:my_applications"),
            kind="post_ended",
        )


# What an applicant whose application ends with the post is told: the subject, and what happened and what next.
ENDING_MESSAGES = {
    Application.Outcome.NOT_APPOINTED: (
        gettext_lazy("%(post)s: another candidate was appointed"),
        gettext_lazy(
            "The selection for %(post)s has ended: the committee of %(unit)s has appointed another candidate. Your "
            "application ends here; nothing more is needed from you. Thank you for taking part; you may apply for "
            "posts in later rounds."
        ),
    ),
    Application.Outcome.INTERNAL: (
        gettext_lazy("%(post)s moves to the unit's internal competition"),
        gettext_lazy(
            "%(post)s will be filled by the internal competition of %(unit)s. Your application in this campaign ends "
            "here; nothing more is needed from you. Watch for the unit's own announcement if you wish to take part."
        ),
    ),
    Application.Outcome.POST_FAILED: (
        gettext_lazy("%(post)s will not be filled in this round"),
        gettext_lazy(
            "%(post)s will not be filled in this round. Your application ends here; nothing more is needed from you. "
            "The post may be offered again in a later round, and you may apply then."
        ),
    ),
    Application.Outcome.UNQUALIFIED: (
        gettext_lazy("%(post)s: the selection has ended"),
        gettext_lazy(
            "The selection for %(post)s has ended. You were found not qualified at the qualification review, so "
            "nothing more is needed from you. You may apply again in a later round."
        ),
    ),
}


def _unmet_condition_message(post: Post, name: str) -> str:
    if name == "announce":
        return _("Set a registration window that has not ended yet before announcing the post.")
    if name == "open_registration":
        return _("The registration window has not opened yet.")
    if name == "move_to_internal" and post.campaign.kind == post.campaign.Kind.INTERNAL:
        return _("This post is already in its unit's internal competition: fail it instead.")
    if name in ("start_interview", "move_to_internal") and not post.round.has_closed():
        return _("Registration closes only after its deadline.")
    if name == "start_interview" and post.campaign.has_written_exam:
        return _("This campaign holds a written exam: registration closes into it.")
    if name == "start_written" and not post.campaign.has_written_exam:
        return _("This campaign holds no written exam.")
    if name == "start_written" and not post.round.has_closed():
        return _("Registration closes only after its deadline.")
    if name == "finish_written":
        return _("Publish the results of the post's written exam first.")
    if name in ("start_interview", "start_written"):
        return _("Fewer qualified applicants than the campaign's minimum (%(n)s).") % {
            "n": post.campaign.min_qualified_applicants
        }
    if name == "close_with_fewer":
        return _("Nobody has been appointed to this post: fail it instead.")
    return _("The conditions for this step are not met yet.")


_REFUSALS = Refusals(
    error=WorkflowError,
    not_now=lambda post: _("The post is now “%(status)s”; this action is no longer possible.")
    % {"status": post.get_status_display()},
    forbidden=lambda: _("You may not do this to this post."),
    unmet=_unmet_condition_message,
)


# Step 1: post release
def _within_approved_number(by: User | None) -> Callable[[Post], None] | None:
    """The vacancy check (competition.vacancies) for a person's release or acceptance. The system (``by=None``:
    the demo loader, imports of past campaigns, test set-up) records what happened and is not checked."""
    return vacancies.require_vacancy if by is not None else None


def post_submit(*, post_id: int, by: User | None) -> Post:
    return _transition(post_id, "submit", by=by, check=_within_approved_number(by))


def post_return(*, post_id: int, by: User | None, reason: str) -> Post:
    return _transition(post_id, "return_to_unit", by=by, reason=reason, require_reason=True)


def post_accept(*, post_id: int, by: User | None) -> Post:
    return _transition(post_id, "accept", by=by, check=_within_approved_number(by))


# Step 2: announcement
def post_announce(*, post_id: int, by: User | None) -> Post:
    return _transition(post_id, "announce", by=by)


# Step 3: registration
def post_open_registration(*, post_id: int, by: User | None) -> Post:
    return _transition(post_id, "open_registration", by=by)


def post_start_interview(*, post_id: int, by: User | None, reason: str = "") -> Post:
    return _transition(post_id, "start_interview", by=by, reason=reason)


def post_start_written(*, post_id: int, by: User | None, reason: str = "") -> Post:
    """Registration closed into the campaign's written exam (competition.written)."""
    return _transition(post_id, "start_written", by=by, reason=reason)


def post_finish_written(*, post_id: int, by: User | None, reason: str = "") -> Post:
    """The written exam's results are published: the post goes on to the interview."""
    return _transition(post_id, "finish_written", by=by, reason=reason)


@transaction.atomic
def post_move_to_internal(*, post_id: int, by: User | None, reason: str) -> Post:
    """Move the post to its unit's internal competition: the post ends here as it is, and a draft of it with the
    same requirements waits in the unit's open internal competition (created if none), run by the unit's
    secretary (``competition.offering``). Returns the moved post; its draft is ``post.moved_to``."""
    post = _transition(post_id, "move_to_internal", by=by, reason=reason, require_reason=True)
    offering.place_in_internal_campaign(post, by=by)
    return post


# Steps 4 to 8
def post_start_evaluation(*, post_id: int, by: User | None, reason: str = "") -> Post:
    return _transition(post_id, "start_evaluation", by=by, reason=reason)


def post_start_inspection(*, post_id: int, by: User | None, reason: str = "") -> Post:
    return _transition(post_id, "start_inspection", by=by, reason=reason)


def post_start_publicity(*, post_id: int, by: User | None, reason: str = "") -> Post:
    return _transition(post_id, "start_publicity", by=by, reason=reason)


def post_await_decision(*, post_id: int, by: User | None, reason: str = "") -> Post:
    return _transition(post_id, "await_decision", by=by, reason=reason)


def post_appoint(*, post_id: int, by: User | None, reason: str = "") -> Post:
    return _transition(post_id, "appoint", by=by, reason=reason)


def post_close_with_fewer(*, post_id: int, by: User | None, reason: str) -> Post:
    return _transition(post_id, "close_with_fewer", by=by, reason=reason, require_reason=True)


def post_return_to_inspection(*, post_id: int, by: User | None, reason: str) -> Post:
    return _transition(post_id, "return_to_inspection", by=by, reason=reason, require_reason=True)


# Side exits
def post_fail(*, post_id: int, by: User | None, reason: str) -> Post:
    return _transition(post_id, "fail", by=by, reason=reason, require_reason=True)


def post_cancel(*, post_id: int, by: User | None, reason: str) -> Post:
    return _transition(post_id, "cancel", by=by, reason=reason, require_reason=True)


# The actions a person can take from the generic buttons of the post page, in the order they are offered: each
# transition's service and whether it needs a reason. The page's view dispatches them (release.views.POST_ACTIONS).
# Steps with more to do than a move (closing registration sets outcomes and tells applicants; the later steps
# record their results) offer their own forms in their panels instead.
ACTIONS: dict[str, tuple[Callable[..., Post], bool]] = {
    "submit": (post_submit, False),
    "return_to_unit": (post_return, True),
    "accept": (post_accept, False),
    "announce": (post_announce, False),
    "open_registration": (post_open_registration, False),
    "fail": (post_fail, True),
    "cancel": (post_cancel, True),
}


def run_action(name: str, *, post_id: int, by: User | None, reason: str = "") -> Post:
    """Run a post-page action by its transition name."""
    try:
        service, needs_reason = ACTIONS[name]
    except KeyError:
        raise WorkflowError(_("Unknown action.")) from None
    if needs_reason:
        return service(post_id=post_id, by=by, reason=reason)
    return service(post_id=post_id, by=by)


def available_actions(post: Post, user: User) -> list[dict[str, Any]]:
    """The page actions this user may take on this post now (permission and conditions met)."""
    result = []
    for name, (_service, needs_reason) in ACTIONS.items():
        method = getattr(post, name)
        if has_transition_perm(method, user) and can_proceed(method):
            result.append({"name": name, "needs_reason": needs_reason})
    return result
