"""The publicity panel on the post page."""

from typing import Any

from django.utils import timezone

from accounts import rules as roles
from accounts.models import User
from competition.models import Post, Publicity
from competition.progress import register_post_panel
from competition.selection import office_choices

S = Post.Status


@register_post_panel("competition/publicity/panel_publicity.html")
def publicity_panel(post: Post, user: User) -> dict[str, Any] | None:
    notices = list(
        Publicity.objects.filter(post=post)
        .select_related("application__person")
        .prefetch_related("objections")
        .order_by("-notice_no", "pk")
    )
    if not roles.is_office_or_unit_secretary_of(user, post) or not notices:
        return None
    current = notices[0]
    # The post's current notice lists every candidate on it (one per place).
    current_rows = [n for n in notices if n.notice_no == current.notice_no]
    # The panel shows objections' text and outcome only; who objected is read on its own page, and each such read
    # is recorded there (publicity.services.objection_identity_read).
    stopped_here = post.status == S.PUBLICITY and all(n.status == Publicity.Status.STOPPED for n in current_rows)
    return {
        "choices": office_choices(post) if stopped_here else None,
        "notices": notices,
        "current": current,
        "names": "、".join(n.application.person.name for n in current_rows),
        "current_rows": current_rows,
        "office": roles.is_office(user),
        "approver": roles.is_unit_secretary_of(user, post),
        "can_end_now": roles.is_office(user) and post.status == S.PUBLICITY
        and current.status == Publicity.Status.PUBLISHED and current.end_date is not None
        and current.end_date < timezone.localdate(),
        "stopped_here": stopped_here,
    }
