"""The registration panel on the post page: applications, their pre-check, and the review actions."""

from accounts import rules as roles
from competition.models import Application, Post
from competition.progress import register_post_panel
from competition.registration.forms import CloseForm
from competition.registration.services import applications_summary, describe_failure

BEFORE_REGISTRATION = (Post.Status.DRAFT, Post.Status.RELEASED, Post.Status.RETURNED, Post.Status.ACCEPTED, Post.Status.ANNOUNCED)


@register_post_panel("competition/registration/_panel.html")
def registration_panel(post, user):
    if post.status in BEFORE_REGISTRATION:
        return None
    if not (roles.is_office(user) or roles.is_unit_secretary_of(user, post)):
        return None
    applications = list(
        Application.objects.filter(post=post).select_related("person", "applicant_unit").order_by("status", "created_at")
    )
    for application in applications:
        application.failure_texts = [describe_failure(f) for f in application.precheck_failures]
    can_review = roles.is_office(user) and post.status == Post.Status.REGISTRATION
    return {
        "applications": applications,
        "summary": applications_summary(post),
        "can_review": can_review,
        "can_close": can_review and post.round_id is not None and post.round.has_closed(),
        "close_form": CloseForm(initial={"too_few_action": post.campaign.too_few_action}),
        "is_office": roles.is_office(user),
        "minimum": post.campaign.min_qualified_applicants,
    }
