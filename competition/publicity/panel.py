"""The publicity panel on the post page."""

from typing import Any

from django.utils import timezone

from accounts import rules as roles
from accounts.models import User
from competition.models import Post, Publicity
from competition.progress import register_post_panel

S = Post.Status


@register_post_panel("competition/publicity/panel_publicity.html")
def publicity_panel(post: Post, user: User) -> dict[str, Any] | None:
    notices = list(Publicity.objects.filter(post=post).select_related("application__person").prefetch_related("objections"))
    if not roles.is_office_or_unit_secretary_of(user, post) or not notices:
        return None
    current = notices[0]
    # The panel shows objections' text and outcome only; who objected is read on its own page, and each such read
    # is recorded there (publicity.services.objection_identity_read).
    return {
        "notices": notices,
        "current": current,
        "office": roles.is_office(user),
        "approver": roles.is_unit_secretary_of(user, post),
        "can_end_now": roles.is_office(user) and post.status == S.PUBLICITY
        and current.status == Publicity.Status.PUBLISHED and current.end_date is not None
        and current.end_date < timezone.localdate(),
        "stopped_here": post.status == S.PUBLICITY and current.status == Publicity.Status.STOPPED,
    }
