"""Post-page panels of steps 5 to 8. Each shows what was recorded and the actions open to this user now."""

from accounts import rules as roles
from competition import decisions, evaluations, inspections
from competition.appointment_forms import EvaluationOpenForm
from competition.models import Decision, Evaluation, Post, Publicity
from competition.panels import register_post_panel

S = Post.Status


def _may_see(post, user):
    return roles.is_office(user) or roles.is_unit_secretary_of(user, post)


@register_post_panel("appointment/panel_evaluation.html")
def evaluation_panel(post, user):
    evaluation = Evaluation.objects.filter(post=post).first()
    if not _may_see(post, user) or (evaluation is None and post.status != S.EVALUATION):
        return None
    office = roles.is_office(user)
    context = {"evaluation": evaluation, "office": office}
    if evaluation is None:
        context["candidates"] = evaluations.advancing_applications(post)
        context["open_form"] = EvaluationOpenForm() if office else None
    else:
        context["online"] = evaluation.ballots.count()
    return context


@register_post_panel("appointment/panel_inspection.html")
def inspection_panel(post, user):
    records = list(post.inspections.select_related("application__person"))
    if not _may_see(post, user) or (not records and post.status != S.INSPECTION):
        return None
    return {
        "inspections": records,
        "office": roles.is_office(user),
        "next": inspections.next_inspection_candidate(post) if post.status == S.INSPECTION else None,
        "at_step": post.status == S.INSPECTION,
    }


@register_post_panel("appointment/panel_publicity.html")
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


@register_post_panel("appointment/panel_decision.html")
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
