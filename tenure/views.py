"""Tenure views: parse input, call one service function, render. State changes only on POST."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import rules as roles
from accounts.rules import require_back_office, require_office
from audit.services import audited_download
from competition.documents import services as document_services
from competition.documents.kinds import CERTIFICATE
from competition.documents.services import docx_response
from competition.models import Position
from core.actions import Handler, dispatch
from core.http import attempt, form_error_message
from core.paging import paginate
from tenure import reappointment as reappointment_services
from tenure import selectors, services
from tenure.access import (
    get_certificate_for_user,
    get_goal_for_user,
    get_reappointment_for_user,
    get_term_for_user,
    get_term_holder_for_user,
    get_unit_for_user,
)
from tenure.documents import certificate_context
from tenure.forms import (
    AnnualReviewForm,
    AssessmentForm,
    ExitForm,
    FlagFilterForm,
    GoalForm,
    NoteForm,
    ProbationForm,
    PublicityForm,
    ReappointmentStartForm,
    ResultsForm,
    SpecialMoveForm,
    TermChangeForm,
    TerminateForm,
    UnitChoiceForm,
)
from tenure.models import Term
from tenure.term_change import expiring_positions, term_change_start


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The district overview for the office; a unit secretary goes to their unit's roster."""
    if roles.is_unit_secretary(request.user) and not roles.is_office(request.user):
        return redirect("tenure:roster", request.user.secretary_of_id)
    require_office(request.user)
    return render(request, "tenure/overview.html", selectors.district_overview(request.user))


@login_required
def roster(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    context = selectors.unit_roster(unit)
    return render(request, "tenure/roster.html", {**context, "terms": paginate(request, context["terms"])})


@login_required
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_term_holder_for_user(request.user, person_id)
    return render(request, "tenure/person.html", selectors.term_history(person))


@login_required
def flags_report(request: HttpRequest) -> HttpResponse:
    require_back_office(request.user)
    filters = FlagFilterForm(request.GET, whole_district=roles.is_office(request.user))
    rows = paginate(request, selectors.flags_visible_to(request.user, filters))
    return render(request, "tenure/flags.html", {"rows": rows, "filters": filters})


@login_required
def term_detail(request: HttpRequest, term_id: int) -> HttpResponse:
    term = get_term_for_user(request.user, term_id)
    forms_ = {
        "goal_form": GoalForm(),
        "review_form": AnnualReviewForm(initial={"year": timezone.localdate().year}),
        "assessment_form": AssessmentForm(instance=getattr(term, "assessment", None)),
        "terminate_form": TerminateForm(),
        **_move_forms(request, term),
        "exit_form": ExitForm(instance=getattr(term, "exit", None)),
        "probation_form": ProbationForm(),
    }
    return render(request, "tenure/term_detail.html", {**selectors.term_record(term), **forms_})


def _move_forms(request: HttpRequest, term: Term) -> dict[str, Any]:
    """The special move's form with the positions of one unit: the office chooses the unit (the term's by default),
    a secretary moves within his own."""
    positions = selectors.move_positions(request.user, term)
    move_unit_form = None
    if roles.is_office(request.user):
        move_unit_form = UnitChoiceForm(request.GET if "unit" in request.GET else {"unit": term.unit_id})
        positions = positions.filter(unit=move_unit_form.cleaned_data["unit"] if move_unit_form.is_valid() else term.unit)
    return {"move_form": SpecialMoveForm(positions=positions), "move_unit_form": move_unit_form}


def _action(
    service: Callable[..., object],
    done: str | Promise,
    form_class: type[forms.BaseForm] | None = None,
    *,
    form_kwargs: Callable[[], Mapping[str, Any]] = dict,
    arguments: Callable[[HttpRequest, dict[str, Any]], Mapping[str, Any]] = lambda request, data: data,
) -> Handler:
    """A term or reappointment page action: validate ``form_class`` from the POST (its errors are the refusal),
    call ``service`` on the object (``term_id=``, ``reappointment_id=``) with the form's data or what
    ``arguments`` makes of it, and say ``done``."""

    def handler(request: HttpRequest, obj: Any) -> str:
        data: dict[str, Any] = {}
        if form_class is not None:
            form = form_class(request.POST, **form_kwargs())
            if not form.is_valid():
                raise services.TenureError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            data = form.cleaned_data
        service(**{f"{obj._meta.model_name}_id": obj.pk}, by=request.user, **arguments(request, data))
        return str(done)

    return handler


def _move_arguments(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    return {"position_id": data["position"].pk, "on": data["on"], "note": data["note"]}


def _note(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    return {"note": request.POST.get("note", "")}


TERM_ACTIONS = {
    "goal": _action(services.term_goal_add, gettext_lazy("Goal added."), GoalForm),
    "review": _action(services.annual_review_record, gettext_lazy("Annual review recorded."), AnnualReviewForm),
    "assessment": _action(
        services.term_assessment_record, gettext_lazy("Term assessment recorded."), AssessmentForm
    ),
    "terminate": _action(
        services.term_terminate,
        gettext_lazy("The term has been terminated. Record the exit procedure below."),
        TerminateForm,
    ),
    "move": _action(
        services.term_move_for_special_needs,
        gettext_lazy("Moved for special work needs; the new term continues to the same end."),
        SpecialMoveForm,
        form_kwargs=lambda: {"positions": Position.objects.all()},
        arguments=_move_arguments,
    ),
    "probation": _action(services.probation_assess, gettext_lazy("The probation's assessment is recorded."), ProbationForm),
    "exit": _action(services.exit_update, gettext_lazy("Exit procedure saved."), ExitForm),
    "certificate": _action(services.certificate_issue, gettext_lazy("Certificate issued.")),
}


@login_required
@require_POST
def term_action(request: HttpRequest, term_id: int, action: str) -> HttpResponse:
    term = get_term_for_user(request.user, term_id)
    return dispatch(request, TERM_ACTIONS, action, term, back=lambda: redirect("tenure:term_detail", term.pk))


@login_required
@require_POST
def goal_delete(request: HttpRequest, term_id: int, goal_id: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, term_id, goal_id)
    attempt(request, lambda: services.term_goal_delete(goal_id=goal.pk, by=request.user), success=_("Goal removed."))
    return redirect("tenure:term_detail", goal.term_id)


def _paper(request: HttpRequest) -> str:
    return "a5" if request.GET.get("size") == "a5" else "a4"


@login_required
@audited_download("tenure certificate")
def certificate_print(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    return render(
        request, "tenure/certificates_print.html", {"certificates": _printed([certificate]), "paper": _paper(request)}
    )


def _printed(certificates) -> list[dict]:
    """Each certificate with its document context: the print page says what the Word document says."""
    return [{"certificate": c, "doc": certificate_context(c)} for c in certificates]


@login_required
@audited_download("tenure certificate (Word)")
def certificate_docx(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    content = document_services.render_document(CERTIFICATE, certificate_context(certificate))
    term = certificate.term
    name = document_services.file_name(
        "任命书", certificate.unit.name, term.position.title, term.person.name, certificate.issued_on.strftime("%Y%m%d")
    )
    return docx_response(content, name)


@login_required
@audited_download("tenure certificates")
def certificate_batch(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Every certificate of a unit for one year (this year unless ``?year=``), one per page."""
    unit = get_unit_for_user(request.user, unit_id)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    certificates = selectors.unit_certificates(unit, year)
    return render(
        request,
        "tenure/certificates_print.html",
        {"certificates": _printed(certificates), "paper": _paper(request), "unit": unit, "year": year},
    )


@login_required
def reappointment_list(request: HttpRequest) -> HttpResponse:
    require_back_office(request.user)
    today = timezone.localdate()
    terms = selectors.reappointable_terms(request.user, today)
    unit_form = None
    if roles.is_office(request.user) and request.method != "POST":
        # The office chooses the unit first; a secretary's terms are his unit's already.
        unit_form = UnitChoiceForm(request.GET if "unit" in request.GET else None)
        terms = terms.filter(unit=unit_form.cleaned_data["unit"]) if unit_form.is_valid() else terms.none()
    form = ReappointmentStartForm(request.POST or None, terms=terms)
    if request.method == "POST" and not form.is_valid():
        form_error_message(request, form)
    elif request.method == "POST":
        data = form.cleaned_data
        created = attempt(
            request,
            lambda: reappointment_services.reappointment_start(
                campaign_id=data["campaign"].pk, term_id=data["term"].pk, by=request.user
            ),
            success=_("Reappointment started."),
        )
        if created is not None:
            return redirect("tenure:reappointment_detail", created.pk)
    context = selectors.reappointment_overview(request.user, request.GET.get("campaign", ""), today)
    context["reappointments"] = paginate(request, context["reappointments"].order_by("-pk"))
    return render(request, "tenure/reappointment_list.html", {**context, "form": form, "unit_form": unit_form})


@login_required
def reappointment_detail(request: HttpRequest, reappointment_id: int) -> HttpResponse:
    reappointment = get_reappointment_for_user(request.user, reappointment_id)
    return render(
        request,
        "tenure/reappointment_detail.html",
        {
            "reappointment": reappointment,
            "log": selectors.reappointment_log(reappointment),
            "results_form": ResultsForm(),
            "publicity_form": PublicityForm(),
            "note_form": NoteForm(),
            "is_late": reappointment.is_late(timezone.localdate()),
        },
    )


REAPPOINTMENT_ACTIONS = {
    "results": _action(
        reappointment_services.reappointment_record_results, gettext_lazy("Results recorded."), ResultsForm
    ),
    "publicity": _action(
        reappointment_services.reappointment_start_publicity, gettext_lazy("Publicity started."), PublicityForm
    ),
    "submit": _action(
        reappointment_services.reappointment_submit_for_review, gettext_lazy("Sent to the office for review.")
    ),
    "approve": _action(
        reappointment_services.reappointment_approve, gettext_lazy("Reappointment approved."), arguments=_note
    ),
    "reject": _action(
        reappointment_services.reappointment_reject, gettext_lazy("Reappointment refused."), arguments=_note
    ),
    "certify": _action(
        reappointment_services.reappointment_certify, gettext_lazy("New term started and certificate issued.")
    ),
}


@login_required
@require_POST
def reappointment_action(request: HttpRequest, reappointment_id: int, action: str) -> HttpResponse:
    reappointment = get_reappointment_for_user(request.user, reappointment_id)
    return dispatch(
        request, REAPPOINTMENT_ACTIONS, action, reappointment,
        back=lambda: redirect("tenure:reappointment_detail", reappointment.pk),
    )


@login_required
def term_change(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = TermChangeForm(request.POST or None)
    preview = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            campaign = attempt(
                request,
                lambda: term_change_start(by=request.user, **data),
                success=_("Campaign created with a draft post for each expiring position."),
            )
            if campaign is not None:
                return redirect("competition:campaign_detail", campaign.pk)
        preview = expiring_positions(data["expiring_by"])
    return render(request, "tenure/term_change.html", {"form": form, "preview": preview})
