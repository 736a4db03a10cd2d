"""The committee decision panel on the post page."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition.decision import services as decisions
from competition.models import Decision, Post
from competition.progress import register_post_panel

S = Post.Status


@register_post_panel("competition/decision/panel_decision.html")
def decision_panel(post: Post, user: User) -> dict[str, Any] | None:
    records = list(Decision.objects.filter(post=post).select_related("application__person"))
    if not roles.is_office_or_unit_secretary_of(user, post) or (not records and post.status != S.DECISION):
        return None
    candidate = decisions.decision_candidate(post) if post.status == S.DECISION else None
    return {
        "decisions": records,
        "candidate": candidate,
        "may_record": candidate is not None,  # whoever sees this panel may record the decision
        "office": roles.is_office(user),
        "stopped_here": post.status == S.DECISION and candidate is None,
    }
