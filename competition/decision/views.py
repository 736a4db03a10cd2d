"""Views of step 8, the committee decision, and the office's choices after a stopped candidate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audited_download
from competition.access import get_decision_for_user, get_post_for_office, get_post_for_user
from competition.decision import services as decisions
from competition.decision import substitutes
from competition.decision.forms import MEMBER_ROWS, DecisionForm, MemberFormSet, SubstituteForm
from competition.models import Decision
from competition.progress import redirect_to_post
from core.exceptions import ActionRefused
from core.http import attempt, form_error_message

# --- Step 8: decision, and the office's choices after a stopped candidate ---


@login_required
def decision_record(request: HttpRequest, post_id: int) -> HttpResponse:
    """The meeting's record, for the office and the post's unit secretary (the post's access is the permission)."""
    post = get_post_for_user(request.user, post_id)
    candidates = decisions.decision_candidates(post)
    form = DecisionForm(
        request.POST or None, campaign_start=post.campaign.start_date if post.campaign_id else None, candidates=candidates
    )
    members = MemberFormSet(request.POST or None, initial=[{}] * MEMBER_ROWS if request.method != "POST" else None, prefix="m")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        try:
            decision = decisions.decision_record(
                post_id=post.pk, members=[m for m in members.cleaned_data if m], by=request.user, **form.cleaned_data
            )
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            if decision.result == Decision.Result.PASSED:
                messages.success(request, _("The committee passed the appointment; the term has started."))
            else:
                messages.warning(request, _("The committee did not pass the appointment."))
            return redirect("appointment:decision_print", decision.pk)
    context = {"post": post, "candidate": candidates[0] if candidates else None, "candidates": candidates, "form": form, "members": members}
    return render(request, "competition/decision/decision_form.html", context)


@login_required
@audited_download("decision record")
def decision_print(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, decision_id)
    return render(
        request,
        "competition/decision/decision_print.html",
        {"decision": decision, "members": decision.members.all(), "person": decision.application.person},
    )


@login_required
@require_POST
def substitute_confirm(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office confirms the next-ranked candidate in place of a chosen one who dropped out."""
    post = get_post_for_office(request.user, post_id)
    form = SubstituteForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
        return redirect_to_post(post.pk)
    attempt(
        request,
        lambda: substitutes.substitute_confirm(post_id=post.pk, by=request.user, **form.cleaned_data),
        success=_("The substitute is confirmed and will be inspected next."),
    )
    return redirect_to_post(post.pk)


@login_required
@require_POST
def close_with_fewer(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    reason = request.POST.get("reason", "")[:2000]
    attempt(
        request,
        lambda: decisions.post_close_with_fewer(post_id=post.pk, by=request.user, reason=reason),
        success=_("The post is closed with the candidates appointed so far."),
    )
    return redirect_to_post(post.pk)


@login_required
@require_POST
def rerelease(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    reason = request.POST.get("reason", "")[:2000]
    copy = attempt(
        request,
        lambda: decisions.post_rerelease(post_id=post.pk, by=request.user, reason=reason),
        success=_("The post failed and was drafted again for a later round."),
    )
    return redirect_to_post(copy.pk if copy is not None else post.pk)
