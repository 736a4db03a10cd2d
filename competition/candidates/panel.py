"""The candidate's file on the post page, under the registration panel: appeals (and later exceptions, materials)."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition.candidates import selectors
from competition.models import Post
from competition.progress import register_post_panel
from competition.registration.panel import BEFORE_REGISTRATION


@register_post_panel("competition/candidates/_panel.html")
def candidates_panel(post: Post, user: User) -> dict[str, Any] | None:
    if not roles.is_office(user) or post.status in BEFORE_REGISTRATION:
        return None
    context = {
        "open_appeals": selectors.open_appeals(post),
        "decided_appeals": selectors.decided_appeals(post),
        "exceptions": selectors.exceptions_of(post),
        "can_decide": post.status == Post.Status.REGISTRATION,
        "user": user,
    }
    if not any(context[key] for key in ("open_appeals", "decided_appeals", "exceptions")):
        return None
    return context
