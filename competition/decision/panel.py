"""The committee decision panel on the post page."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition.decision import services as decisions
from competition.models import Decision, Post
from competition.progress import register_post_panel
from competition.selection import office_choices

S = Post.Status


@register_post_panel("competition/decision/panel_decision.html")
def decision_panel(post: Post, user: User) -> dict[str, Any] | None:
    records = list(Decision.objects.filter(post=post).select_related("application__person", "formalities"))
    for record in records:
        formalities = getattr(record, "formalities", None) if hasattr(record, "formalities") else None
        record.formalities_done = bool(formalities and formalities.complete)
    if not roles.is_office_or_unit_secretary_of(user, post) or (not records and post.status != S.DECISION):
        return None
    candidates = decisions.decision_candidates(post) if post.status == S.DECISION else []
    stopped_here = post.status == S.DECISION and not candidates
    return {
        "decisions": records,
        "candidates": candidates,
        "candidate": candidates[0] if candidates else None,
        "may_record": bool(candidates),  # whoever sees this panel may record the decision
        "office": roles.is_office(user),
        "places": post.places,
        "filled": sum(d.result == Decision.Result.PASSED for d in records),
        "stopped_here": stopped_here,
        "choices": office_choices(post) if stopped_here else None,
    }
