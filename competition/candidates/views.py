"""Views of the candidate's file: each parses its form, calls one service of ``competition.candidates`` and
redirects (or renders); objects are found through ``competition.access`` only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competition.access import get_appeal_for_office, get_application_for_candidate, get_application_for_office
from competition.candidates import services
from competition.candidates.forms import AppealDecisionForm, AppealForm, NominationForm
from core.http import attempt, form_error_message


def _review_panel(post_id: int) -> HttpResponse:
    return redirect(reverse("competition:post_detail", args=[post_id]) + "#registration")


# --- Nomination (18.2) ---


@login_required
@require_POST
def nomination_set(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_office(request.user, application_id)
    form = NominationForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
    else:
        attempt(
            request,
            lambda: services.nomination_set(
                application_id=application.pk, nomination=form.cleaned_data["nomination"], by=request.user
            ),
            success=_("Nomination recorded."),
        )
    return _review_panel(application.post_id)


# --- Appeal (18.4) ---


@login_required
@require_POST
def appeal_file(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_candidate(request.user, application_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
    else:
        attempt(
            request,
            lambda: services.appeal_file(application_id=application.pk, reason=form.cleaned_data["reason"], by=request.user),
            success=_("Your request for a review is sent to the competition office."),
        )
    return redirect("registration:application_edit", application.pk)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_appeal_for_office(request.user, appeal_id)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
    else:
        uphold = form.cleaned_data["decision"] == "uphold"
        attempt(
            request,
            lambda: services.appeal_decide(appeal_id=appeal.pk, uphold=uphold, reason=form.cleaned_data["reason"], by=request.user),
            success=_("Appeal upheld: the applicant is qualified.") if uphold else _("Appeal dismissed."),
        )
    return _review_panel(appeal.application.post_id)
