"""The post's Word documents on the post page, for the office and the post's unit secretary."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition.models import Application, Decision, Post, Publicity
from competition.progress import register_post_panel


@register_post_panel("competition/documents/panel_documents.html")
def documents_panel(post: Post, user: User) -> dict[str, Any] | None:
    if not roles.is_office_or_unit_secretary_of(user, post):
        return None
    applications = list(
        post.applications.exclude(status=Application.Status.WITHDRAWN).select_related("person").order_by("pk")
    )
    if not applications:
        return None
    # The approval form is drawn up for a candidate who went on to inspection (or further).
    proposed = set(post.inspections.values_list("application_id", flat=True))
    return {
        "applications": [(a, a.pk in proposed) for a in applications],
        "notice": Publicity.objects.filter(post=post).exists(),
        "decisions": list(
            Decision.objects.filter(post=post).select_related("application__person", "formalities")
        ),
    }
