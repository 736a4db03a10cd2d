"""The committee decision panel on the post page."""

from accounts import rules as roles
from competition.decision import services as decisions
from competition.models import Decision, Post
from competition.progress import register_post_panel

S = Post.Status


def _may_see(post, user):
    return roles.is_office(user) or roles.is_unit_secretary_of(user, post)


@register_post_panel("competition/decision/panel_decision.html")
def decision_panel(post, user):
    records = list(Decision.objects.filter(post=post).select_related("application__person"))
    if not _may_see(post, user) or (not records and post.status != S.DECISION):
        return None
    candidate = decisions.decision_candidate(post) if post.status == S.DECISION else None
    return {
        "decisions": records,
        "candidate": candidate,
        "may_record": candidate is not None and decisions.can_record_decision(user, post),
        "office": roles.is_office(user),
        "stopped_here": post.status == S.DECISION and candidate is None,
    }
