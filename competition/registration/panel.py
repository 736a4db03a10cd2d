"""The registration panel on the post page: applications, their pre-check, and the review actions."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition import kinds
from competition.kinds import Step
from competition.models import NominationSource, Post
from competition.progress import register_post_panel
from competition.registration.forms import CloseForm
from competition.registration.selectors import applications_summary, panel_applications

BEFORE_REGISTRATION = (Post.Status.DRAFT, Post.Status.RELEASED, Post.Status.RETURNED, Post.Status.ACCEPTED, Post.Status.ANNOUNCED)


@register_post_panel("competition/registration/_panel.html")
def registration_panel(post: Post, user: User) -> dict[str, Any] | None:
    if not (roles.is_office(user) or roles.is_unit_secretary_of(user, post)):
        return None
    window = {"round": post.round, "too_few_action": post.campaign.get_too_few_action_display()} if post.round_id else None
    if post.status in (Post.Status.ANNOUNCED, Post.Status.ACCEPTED) and window:
        return {"window_only": True, "window": window, "is_office": kinds.runs(user, post.campaign, Step.RELEASE),
                "minimum": post.campaign.min_qualified_applicants}
    if post.status in BEFORE_REGISTRATION:
        return None
    if post.status != Post.Status.REGISTRATION:
        window = None
    can_review = kinds.runs(user, post.campaign, Step.REGISTRATION) and post.status == Post.Status.REGISTRATION
    return {
        "applications": panel_applications(post),
        "summary": applications_summary(post),
        "can_review": can_review,
        "can_close": can_review and post.round_id is not None and post.round.has_closed(),
        "close_form": CloseForm(initial={"too_few_action": post.campaign.too_few_action}),
        "is_office": roles.is_office(user),
        "minimum": post.campaign.min_qualified_applicants,
        "window": window,
        "nomination_choices": NominationSource.choices,
    }
