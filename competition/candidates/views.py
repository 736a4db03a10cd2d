"""Views of the candidate's file: each parses its form, calls one service of ``competition.candidates`` and
redirects (or renders); objects are found through ``competition.access`` only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.services import audited_download
from competition.access import (
    get_appeal_for_office,
    get_application_for_candidate,
    get_application_for_office,
    get_campaign_for_office,
    get_exception_for_office,
    get_exception_for_user,
    get_material_for_user,
    get_material_requirement_for_office,
)
from competition.candidates import files, selectors, services
from competition.candidates.forms import (
    AppealDecisionForm,
    AppealForm,
    ExceptionDecisionForm,
    ExceptionRequestForm,
    MaterialUploadForm,
    NominationForm,
    RequirementForm,
)
from core.http import as_download, attempt, download_name, form_error_message

T = "competition/candidates/"


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


# --- Exceptions (18.3) ---


@login_required
@require_POST
def exception_request(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_candidate(request.user, application_id)
    form = ExceptionRequestForm(request.POST, request.FILES, requirements=services.exception_requirements(application))
    if not form.is_valid():
        form_error_message(request, form)
    else:
        data = form.cleaned_data
        attempt(
            request,
            lambda: services.exception_request(
                application_id=application.pk, requirement=data["requirement"], reason=data["reason"],
                evidence=data.get("evidence"), by=request.user,
            ),
            success=_("Your request for an exception is sent to the competition office."),
        )
    return redirect("registration:application_edit", application.pk)


@login_required
@require_POST
def exception_decide(request: HttpRequest, exception_id: int) -> HttpResponse:
    exception = get_exception_for_office(request.user, exception_id)
    form = ExceptionDecisionForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        attempt(
            request,
            lambda: services.exception_decide(
                exception_id=exception.pk, approve=approve, reason=form.cleaned_data["reason"], by=request.user
            ),
            success=_("Decision recorded; a second office member must confirm it."),
        )
    return _review_panel(exception.application.post_id)


@login_required
@require_POST
def exception_confirm(request: HttpRequest, exception_id: int) -> HttpResponse:
    exception = get_exception_for_office(request.user, exception_id)
    attempt(
        request,
        lambda: services.exception_confirm(exception_id=exception.pk, by=request.user),
        success=_("Decision confirmed."),
    )
    return _review_panel(exception.application.post_id)


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
@audited_download("exception evidence")
def exception_evidence(request: HttpRequest, exception_id: int) -> FileResponse:
    exception = get_exception_for_user(request.user, exception_id)
    if not exception.evidence:
        raise Http404
    kind = exception.evidence.name.rsplit(".", 1)[-1]
    response = FileResponse(exception.evidence.open("rb"), content_type=files.MEDIA_TYPES.get(kind, "application/octet-stream"))
    return as_download(response, download_name(exception.application.person.name, _("evidence"), extension=kind))


# --- Materials (18.1) ---


@login_required
def requirements(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_office(request.user, campaign_id)
    form = RequirementForm(request.POST or None, campaign=campaign)
    if request.method == "POST":
        if not form.is_valid():
            form_error_message(request, form)
        else:
            data = form.cleaned_data
            attempt(
                request,
                lambda: services.requirement_add(
                    campaign_id=campaign.pk, post_id=data["post"].pk if data["post"] else None, kind=data["kind"],
                    title=data["title"], required=data["required"], deadline=data["deadline"],
                    allowed_types=data["allowed_types"], max_mb=data["max_mb"], by=request.user,
                ),
                success=_("Material requirement added."),
            )
        return redirect("candidates:requirements", campaign.pk)
    requirements = campaign.material_requirements.select_related("post__unit").order_by("post_id", "deadline")
    return render(request, T + "requirements.html", {"campaign": campaign, "form": form, "requirements": requirements,
                                                     "kinds": files.KINDS})


@login_required
@require_POST
def requirement_delete(request: HttpRequest, requirement_id: int) -> HttpResponse:
    requirement = get_material_requirement_for_office(request.user, requirement_id)
    attempt(request, lambda: services.requirement_delete(requirement_id=requirement.pk, by=request.user),
            success=_("Material requirement deleted."))
    return redirect("candidates:requirements", requirement.campaign_id)


@never_cache
@login_required
def materials(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_candidate(request.user, application_id)
    if request.method == "POST":
        form = MaterialUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            form_error_message(request, form)
        else:
            attempt(
                request,
                lambda: services.material_upload(
                    application_id=application.pk, requirement_id=form.cleaned_data["requirement"],
                    upload=form.cleaned_data["file"], by=request.user,
                ),
                success=_("Material uploaded."),
            )
        return redirect("candidates:materials", application.pk)
    return render(request, T + "materials.html", selectors.materials_page(application))


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
@audited_download("candidate material")
def material_download(request: HttpRequest, material_id: int) -> FileResponse:
    material = get_material_for_user(request.user, material_id)
    response = FileResponse(material.file.open("rb"), content_type=files.MEDIA_TYPES.get(material.file_kind, "application/octet-stream"))
    return as_download(response, download_name(material.application.person.name, material.requirement.title,
                                               extension=material.file_kind))
