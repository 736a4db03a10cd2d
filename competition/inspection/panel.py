"""The inspection panel on the post page."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition import shortlists
from competition.inspection import services as inspections
from competition.models import Post
from competition.progress import register_post_panel
from competition.selection import chosen_candidates, office_choices

S = Post.Status


@register_post_panel("competition/inspection/panel_inspection.html")
def inspection_panel(post: Post, user: User) -> dict[str, Any] | None:
    records = list(post.inspections.select_related("application__person"))
    if not roles.is_office_or_unit_secretary_of(user, post) or (not records and post.status != S.INSPECTION):
        return None
    at_step = post.status == S.INSPECTION
    following = inspections.next_inspection_candidate(post) if at_step else None
    return {
        "inspections": records,
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
