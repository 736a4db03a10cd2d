"""The written exam's panel on the post page: its session and the marks, with the pass line and the ratio's line
(those who go on, a tie at the line shown), for the office and the post's unit secretary."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition import kinds, shortlists
from competition.models import Post
from competition.progress import register_post_panel
from competition.written import selectors


@register_post_panel("competition/written/_post_panel.html")
def written_panel(post: Post, user: User) -> dict[str, Any] | None:
    if not post.campaign.has_written_exam:
        return None
    if not (roles.is_office(user) or roles.is_unit_secretary_of(user, post)):
        return None
    sessions = list(post.written_sessions.all())
    runs = kinds.runs(user, post.campaign, kinds.Step.WRITTEN)
    if not sessions and not (runs and post.status == Post.Status.WRITTEN):
        return None
    published = bool(sessions) and all(s.status == s.Status.PUBLISHED for s in sessions)
    # Marks are shown to the runner as they come in, to the post's unit secretary once published.
    rows = selectors.post_results(post) if sessions and (runs or published) else []
    return {
        "sessions": sessions,
        "runs": runs,
        "rows": rows,
        "published": published,
        "campaign": post.campaign,
        "limit": shortlists.interview_limit(post),
        "tied": any(row.tied for row in rows),
        "may_create": runs and post.status == Post.Status.WRITTEN and not sessions,
    }
