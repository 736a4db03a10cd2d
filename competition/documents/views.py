"""The office's Word documents: downloads (audited, named by campaign, unit, post and date) and the settings page
where the office replaces a template and sets the issuing bodies."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import require_office
from audit.services import audited_download
from competition.access import (
    get_application_for_back_office,
    get_application_for_user,
    get_decision_for_user,
    get_issued_formalities_for_user,
    get_post_for_user,
    get_publicity_for_user,
    get_unit_for_office,
)
from competition.models import DocumentTemplate, IssuerSettings, Unit
from core.actions import dispatch
from core.http import attempt, attempt_form, form_error_message

from . import contexts, services
from .forms import IssuerSettingsForm, TemplateUploadForm, UnitIssuerForm
from .kinds import (
    APPLICATION_FORM,
    APPOINTMENT_NOTICE,
    APPROVAL_FORM,
    DECISION_RECORD,
    KINDS,
    PUBLICITY_NOTICE,
    SELECTION_RECORD,
)
from .record import selection_record
from .services import docx_response

T = "competition/documents/"


def _date() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def _post_name_parts(post) -> list[str]:
    return [post.campaign.name if post.campaign_id else "", post.unit.name, post.title]


@login_required
@audited_download("application form (Word)")
def application_form(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_user(request.user, application_id)
    content = services.render_document(APPLICATION_FORM, contexts.application_form_context(application))
    name = services.file_name("报名表", *_post_name_parts(application.post), application.person.name, _date())
    return docx_response(content, name)


@login_required
@audited_download("approval form (Word)")
def approval_form(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_back_office(request.user, application_id)
    content = services.render_document(APPROVAL_FORM, contexts.approval_form_context(application))
    name = services.file_name("干部任免审批表", *_post_name_parts(application.post), application.person.name, _date())
    return docx_response(content, name)


@login_required
@audited_download("publicity notice (Word)")
def publicity_notice(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    content = services.render_document(PUBLICITY_NOTICE, contexts.publicity_notice_context(notice))
    return docx_response(content, services.file_name("任前公示", *_post_name_parts(notice.post), _date()))


@login_required
@audited_download("decision record (Word)")
def decision_record(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, decision_id)
    content = services.render_document(DECISION_RECORD, contexts.decision_record_context(decision))
    return docx_response(content, services.file_name("会议记录", *_post_name_parts(decision.post), _date()))


@login_required
@audited_download("appointment notice (Word)")
def appointment_notice(request: HttpRequest, decision_id: int) -> HttpResponse:
    record = get_issued_formalities_for_user(request.user, decision_id)
    decision = record.decision
    content = services.render_document(APPOINTMENT_NOTICE, contexts.appointment_notice_context(decision, record))
    name = services.file_name("任职通知", record.document_no, *_post_name_parts(decision.post), decision.application.person.name)
    return docx_response(content, name)


@login_required
@audited_download("selection record")
def post_record(request: HttpRequest, post_id: int) -> HttpResponse:
    """The post's selection record (纪实), for the office and the post's unit secretary."""
    post = get_post_for_user(request.user, post_id)
    return render(request, T + "record.html", {"post": post, "record": selection_record(post)})


@login_required
@audited_download("selection record (Word)")
def post_record_docx(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    content = services.render_document(SELECTION_RECORD, contexts.selection_record_context(selection_record(post)))
    return docx_response(content, services.file_name("选拔纪实", *_post_name_parts(post), _date()))


# --- Settings: templates and issuing bodies (the office) ---


def _template_rows():
    replaced = {t.kind: t for t in DocumentTemplate.objects.select_related("uploaded_by").defer("content")}
    return [{"kind": kind, "replaced": replaced.get(kind.name), "fields": _field_names(kind.sample())} for kind in KINDS.values()]


def _field_names(sample: dict, prefix: str = "") -> list[str]:
    names = []
    for key, value in sample.items():
        if isinstance(value, dict):
            names += _field_names(value, f"{prefix}{key}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            names.append(f"{prefix}{key}[{', '.join(value[0])}]")
        else:
            names.append(prefix + key)
    return names


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    return render(request, T + "templates.html", {"rows": _template_rows(), "form": TemplateUploadForm()})


def _upload(request: HttpRequest, _obj) -> str:
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise services.TemplateRefused(" ".join(str(e) for errors in form.errors.values() for e in errors))
    kind = form.cleaned_data["kind"]
    services.template_replace(kind=kind, upload=form.cleaned_data["template"], by=request.user)
    return _("The new template of %(document)s renders and is in use.") % {"document": KINDS[kind].label}


def _reset(request: HttpRequest, _obj) -> str:
    kind = request.POST.get("kind", "")
    services.template_reset(kind=kind, by=request.user)
    return _("The default template is in use again.")


TEMPLATE_ACTIONS = {"upload": _upload, "reset": _reset}


@login_required
@require_POST
def template_action(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    return dispatch(request, TEMPLATE_ACTIONS, request.POST.get("action", ""), None,
                    back=lambda: redirect("documents:templates"))


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The template in use (to edit it in Word), or the default with ``?default=1``."""
    require_office(request.user)
    if kind not in KINDS:
        raise Http404
    content = KINDS[kind].default_path.read_bytes() if request.GET.get("default") else services.template_content(kind)
    return docx_response(content, f"{kind}.docx")


@login_required
def issuer_settings(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = IssuerSettingsForm(request.POST or None, instance=IssuerSettings.current())
    if request.method == "POST":
        if form.is_valid():
            saved = attempt(
                request,
                lambda: services.issuer_settings_save(fields=form.cleaned_data, by=request.user),
                success=_("Issuing bodies and reporting channels saved."),
            )
            if saved is not None:
                return redirect("documents:issuers")
        else:
            form_error_message(request, form)
    units = Unit.objects.order_by("kind", "name")
    return render(request, T + "issuers.html", {"form": form, "units": units})


@login_required
@require_POST
def unit_issuer(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_office(request.user, unit_id)
    attempt_form(
        request, UnitIssuerForm(request.POST, instance=unit),
        lambda data: services.unit_issuer_save(unit_id=unit.pk, by=request.user, **data),
        success=_("The unit's Party body saved."),
    )
    return redirect("documents:issuers")
