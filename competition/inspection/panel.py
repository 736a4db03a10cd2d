"""The inspection panel on the post page."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition.inspection import services as inspections
from competition.models import Post
from competition.progress import register_post_panel

S = Post.Status


@register_post_panel("competition/inspection/panel_inspection.html")
def inspection_panel(post: Post, user: User) -> dict[str, Any] | None:
    records = list(post.inspections.select_related("application__person"))
    if not roles.is_office_or_unit_secretary_of(user, post) or (not records and post.status != S.INSPECTION):
        return None
    return {
        "inspections": records,
        "office": roles.is_office(user),
        "next": inspections.next_inspection_candidate(post) if post.status == S.INSPECTION else None,
        "at_step": post.status == S.INSPECTION,
    }
