"""The interview step's panel on the post page: sessions and the ranking, for the office and the post's unit
secretary (the secretary sees the ranking once the results are published)."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition import kinds
from competition.interviews import scoring, selectors
from competition.models import InterviewSession, Post
from competition.progress import register_post_panel


@register_post_panel("competition/interviews/_post_panel.html")
def interview_panel(post: Post, user: User) -> dict[str, Any] | None:
    office = roles.is_office(user)
    if not (office or roles.is_unit_secretary_of(user, post)):
        return None
    # Who runs the interview (the office; an internal competition's secretary) opens its sessions and sees the
    # ranking before it is published.
    runner = kinds.runs(user, post.campaign, kinds.Step.INTERVIEW)
    sessions = list(post.interview_sessions.all())
    published = all(s.status == InterviewSession.Status.PUBLISHED for s in sessions)
    standings = selectors.combined_standings(post) if published else []
    new_session = runner and not sessions and post.status == Post.Status.INTERVIEW
    if not sessions and not standings and not new_session:
        return None
    ranking = selectors.post_ranking(post) if runner and not published else None
    line = selectors.evaluation_cut(post, ranking) if ranking else None
    return {
        "sessions": sessions,
        "runner": runner,
        "new_session": new_session,
        "ranking": ranking,
        "inside": {row.slot.application_id for row in line.inside} if line else set(),
        "tied": {row.slot.application_id for row in line.tied} if line else set(),
        "standings": standings,
        "campaign": post.campaign,
        "advance_limit": selectors.advance_limit(post),
        "extra_interview": office and post.status in scoring.EXTRA_INTERVIEW_STEPS and any(r["tied"] for r in standings),
    }
