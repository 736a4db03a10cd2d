"""The democratic evaluation panel on the post page."""

from typing import Any

from accounts import rules as roles
from accounts.models import User
from competition import kinds
from competition.evaluation import services as evaluations
from competition.evaluation.forms import EvaluationOpenForm
from competition.kinds import Step
from competition.models import Evaluation, Post
from competition.progress import register_post_panel

S = Post.Status


@register_post_panel("competition/evaluation/panel_evaluation.html")
def evaluation_panel(post: Post, user: User) -> dict[str, Any] | None:
    evaluation = Evaluation.objects.filter(post=post).first()
    if not roles.is_office_or_unit_secretary_of(user, post) or (evaluation is None and post.status != S.EVALUATION):
        return None
    office = kinds.runs(user, post.campaign, Step.EVALUATION)  # who runs it: the office, or an internal one's secretary
    context = {
        "evaluation": evaluation,
        "office": office,
        "awaits_approval": evaluations.awaits_approval(evaluation),
        "may_approve": kinds.runs(user, post.campaign, Step.EVALUATION_APPROVE),
    }
    if evaluation is None:
        context["candidates"] = evaluations.advancing_applications(post)
        context["open_form"] = EvaluationOpenForm() if office else None
    else:
        context["online"] = evaluation.ballots.count()
    return context
