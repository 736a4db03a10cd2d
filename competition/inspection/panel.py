"""The inspection panel on the post page."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition import shortlists
from competition.inspection import selectors
from competition.inspection import services as inspections
from competition.models import Post
from competition.progress import register_post_panel
from competition.selection import chosen_candidates, office_choices

S = Post.Status


@register_post_panel("competition/inspection/panel_inspection.html")
def inspection_panel(post: Post, user: User) -> dict[str, Any] | None:
    rows = selectors.inspection_rows(post)
    if not roles.is_office_or_unit_secretary_of(user, post) or (not rows and post.status != S.INSPECTION):
        return None
    at_step = post.status == S.INSPECTION
    following = inspections.next_inspection_candidate(post) if at_step else None
    return {
        "rows": rows,
        "notices": list(post.inspection_notices.order_by("number")),
        "not_announced": inspections.not_announced(post) if at_step else [],
        "open": at_step and any(not row["inspection"].concluded for row in rows),
        "office": roles.is_office(user),
        "next": following,
        "at_step": at_step,
        "chosen": list(chosen_candidates(post)),
        "shortlist": shortlists.inspection_cut(post) if at_step else None,
        "tie_waiting": inspections.tie_waiting(post) if at_step else [],
        # Nobody chosen is left to inspect: the office confirms a substitute, goes on, closes or fails the post.
        "stopped_here": at_step and following is None,
        "may_conclude": at_step and following is None and bool(inspections.inspected_awaiting_publicity(post)),
        # A chosen candidate who dropped out may be replaced at once, while others are still being inspected.
        "choices": office_choices(post) if at_step else None,
    }
