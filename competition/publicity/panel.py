"""The publicity panel on the post page."""

from accounts import rules as roles
from competition.models import Post, Publicity
from competition.progress import register_post_panel

S = Post.Status


def _may_see(post, user):
    return roles.is_office(user) or roles.is_unit_secretary_of(user, post)


@register_post_panel("competition/publicity/panel_publicity.html")
def publicity_panel(post, user):
    notices = list(Publicity.objects.filter(post=post).select_related("application__person").prefetch_related("objections"))
    if not _may_see(post, user) or not notices:
        return None
    current = notices[0]
    return {
        "notices": notices,
        "current": current,
        "office": roles.is_office(user),
        "approver": roles.is_unit_secretary_of(user, post),
        "stopped_here": post.status == S.PUBLICITY and current.status == Publicity.Status.STOPPED,
    }
