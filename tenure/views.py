"""Tenure views: parse input, call one service function, render. State changes only on POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from competition.models import Campaign, Position
from tenure import reappointment as reappointment_services
from tenure import services
from tenure.access import (
    get_certificate_for_user,
    get_person_for_user,
    get_reappointment_for_user,
    get_term_for_user,
    get_unit_for_user,
    require_back_office,
    require_office,
    units_visible_to,
)
from tenure.forms import (
    AnnualReviewForm,
    AssessmentForm,
    ExitForm,
    GoalForm,
    NoteForm,
    PublicityForm,
    ReappointmentStartForm,
    ResultsForm,
    SpecialMoveForm,
    TermChangeForm,
    TerminateForm,
)
from tenure.models import Certificate, Term
from tenure.term_change import expiring_positions, term_change_start


def _form_errors(form):
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The district overview for the office; a unit secretary goes to their unit's roster."""
    if roles.is_unit_secretary(request.user) and not roles.is_office(request.user):
        return redirect("tenure:roster", request.user.secretary_of_id)
    require_office(request.user)
    current = Q(terms__ended_on__isnull=True, terms__status__in=[Term.Status.PROBATION, Term.Status.SERVING])
    chiefs = current & Q(terms__position__level="section", terms__position__is_leadership=True)
    units = units_visible_to(request.user).annotate(
        serving=Count("terms", filter=chiefs, distinct=True),
        certified=Count("terms", filter=chiefs & Q(terms__certificate__isnull=False), distinct=True),
    )
    rows = [{"unit": u, "vacancies": max(0, u.leadership_quota - u.serving)} for u in units]
    totals = {
        "quota": sum(u.leadership_quota for u in units),
        "serving": sum(u.serving for u in units),
        "certified": sum(u.certified for u in units),
        "vacancies": sum(r["vacancies"] for r in rows),
    }
    return render(request, "tenure/overview.html", {"rows": rows, "totals": totals})


@login_required
def roster(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, unit_id)
    terms = list(
        Term.objects.current().filter(unit=unit).select_related("person", "position", "certificate").order_by("position__title")
    )
    chiefs = [t for t in terms if t.position.level == "section" and t.position.is_leadership]
    flagged = dict((t.pk, f) for t, f in services.flagged_terms(Term.objects.filter(unit=unit)))
    return render(
        request,
        "tenure/roster.html",
        {
            "unit": unit,
            "terms": [(t, flagged.get(t.pk, [])) for t in terms],
            "chiefs": len(chiefs),
            "vacancies": max(0, unit.leadership_quota - len(chiefs)),
            "uncertified": [t for t in terms if not hasattr(t, "certificate")],
        },
    )


@login_required
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    terms = Term.objects.filter(person=person).select_related("position", "unit", "assessment").order_by("-start")
    rows = [(t, services.term_flags(t) if t.ended_on is None else []) for t in terms]
    return render(
        request,
        "tenure/person.html",
        {"person": person, "rows": rows, "assessment": services.latest_assessment(person)},
    )


@login_required
def flags_report(request: HttpRequest) -> HttpResponse:
    require_back_office(request.user)
    rows = services.flagged_terms(Term.objects.visible_to(request.user).order_by("unit__name", "person__name"))
    return render(request, "tenure/flags.html", {"rows": rows})


@login_required
def term_detail(request: HttpRequest, term_id: int) -> HttpResponse:
    term = get_term_for_user(request.user, term_id)
    positions = Position.objects.exclude(pk=term.position_id)
    if not roles.is_office(request.user):
        positions = positions.filter(unit_id=term.unit_id)
    context = {
        "term": term,
        "flags": services.term_flags(term) if term.ended_on is None else [],
        "goals": term.goals.all(),
        "reviews": term.annual_reviews.all(),
        "assessment": getattr(term, "assessment", None),
        "certificate": getattr(term, "certificate", None),
        "exit": getattr(term, "exit", None),
        "is_current": term.ended_on is None,
        "goal_form": GoalForm(),
        "review_form": AnnualReviewForm(initial={"year": timezone.localdate().year}),
        "assessment_form": AssessmentForm(instance=getattr(term, "assessment", None)),
        "terminate_form": TerminateForm(),
        "move_form": SpecialMoveForm(positions=positions),
        "exit_form": ExitForm(instance=getattr(term, "exit", None)),
    }
    return render(request, "tenure/term_detail.html", context)


def _term_goal(request, term):
    form = GoalForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    services.term_goal_add(term_id=term.pk, by=request.user, **form.cleaned_data)
    return _("Goal added.")


def _term_review(request, term):
    form = AnnualReviewForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    services.annual_review_record(term_id=term.pk, by=request.user, **form.cleaned_data)
    return _("Annual review recorded.")


def _term_assessment(request, term):
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    services.term_assessment_record(term_id=term.pk, by=request.user, **form.cleaned_data)
    return _("Term assessment recorded.")


def _term_terminate(request, term):
    form = TerminateForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    services.term_terminate(term_id=term.pk, by=request.user, **form.cleaned_data)
    return _("The term has been terminated. Record the exit procedure below.")


def _term_move(request, term):
    form = SpecialMoveForm(request.POST, positions=Position.objects.all())
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    data = form.cleaned_data
    services.term_move_for_special_needs(
        term_id=term.pk, position_id=data["position"].pk, on=data["on"], note=data["note"], by=request.user
    )
    return _("Moved for special work needs; the new term continues to the same end.")


def _term_exit(request, term):
    form = ExitForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    services.exit_update(term_id=term.pk, by=request.user, **form.cleaned_data)
    return _("Exit procedure saved.")


def _term_certificate(request, term):
    services.certificate_issue(term_id=term.pk, by=request.user)
    return _("Certificate issued.")


def _dispatch(request, handlers, action, obj, detail_url):
    """Run the named page action on ``obj``: its message on success, the service's refusal otherwise."""
    handler = handlers.get(action)
    if handler is None:
        raise Http404
    try:
        messages.success(request, handler(request, obj))
    except services.TenureError as error:
        messages.error(request, str(error))
    return redirect(detail_url, obj.pk)


TERM_ACTIONS = {
    "goal": _term_goal,
    "review": _term_review,
    "assessment": _term_assessment,
    "terminate": _term_terminate,
    "move": _term_move,
    "exit": _term_exit,
    "certificate": _term_certificate,
}


@login_required
@require_POST
def term_action(request: HttpRequest, term_id: int, action: str) -> HttpResponse:
    term = get_term_for_user(request.user, term_id)
    return _dispatch(request, TERM_ACTIONS, action, term, "tenure:term_detail")


@login_required
@require_POST
def goal_delete(request: HttpRequest, term_id: int, goal_id: int) -> HttpResponse:
    term = get_term_for_user(request.user, term_id)
    goal = term.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    services.term_goal_delete(goal_id=goal.pk, by=request.user)
    messages.success(request, _("Goal removed."))
    return redirect("tenure:term_detail", term.pk)


def _paper(request):
    return "a5" if request.GET.get("size") == "a5" else "a4"


@login_required
def certificate_print(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    return render(request, "tenure/certificates_print.html", {"certificates": [certificate], "paper": _paper(request)})


@login_required
def certificate_batch(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Every certificate of a unit for one year (this year unless ``?year=``), one per page."""
    unit = get_unit_for_user(request.user, unit_id)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    certificates = Certificate.objects.filter(unit=unit, year=year).select_related("term__person", "term__position", "unit")
    return render(
        request,
        "tenure/certificates_print.html",
        {"certificates": certificates, "paper": _paper(request), "unit": unit, "year": year},
    )


@login_required
def reappointment_list(request: HttpRequest) -> HttpResponse:
    require_back_office(request.user)
    reappointments = reappointment_services.reappointments_visible_to(request.user).select_related(
        "campaign", "unit", "previous_term__person", "previous_term__position"
    )
    campaign = None
    if request.GET.get("campaign", "").isdigit():
        campaign = Campaign.objects.filter(pk=request.GET["campaign"]).first()
    if campaign is not None:
        reappointments = reappointments.filter(campaign=campaign)
    terms = Term.objects.visible_to(request.user).reappointable(timezone.localdate()).section_chiefs()
    form = ReappointmentStartForm(request.POST or None, terms=terms)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = reappointment_services.reappointment_start(
                    campaign_id=form.cleaned_data["campaign"].pk, term_id=form.cleaned_data["term"].pk, by=request.user
                )
            except services.TenureError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Reappointment started."))
                return redirect("tenure:reappointment_detail", created.pk)
        else:
            messages.error(request, _form_errors(form))
    today = timezone.localdate()
    late_units = []
    if roles.is_office(request.user):
        late_units = reappointment_services.units_late(campaign, today)
    return render(
        request,
        "tenure/reappointment_list.html",
        {
            "reappointments": reappointments,
            "form": form,
            "campaign": campaign,
            "campaigns": Campaign.objects.filter(reappointments__isnull=False).distinct(),
            "late_units": late_units,
            "today": today,
        },
    )


@login_required
def reappointment_detail(request: HttpRequest, reappointment_id: int) -> HttpResponse:
    reappointment = get_reappointment_for_user(request.user, reappointment_id)
    from django_fsm_log.models import StateLog

    log = StateLog.objects.for_(reappointment).select_related("by").order_by("timestamp")
    return render(
        request,
        "tenure/reappointment_detail.html",
        {
            "reappointment": reappointment,
            "log": log,
            "results_form": ResultsForm(),
            "publicity_form": PublicityForm(),
            "note_form": NoteForm(),
            "is_late": reappointment.is_late(timezone.localdate()),
        },
    )


def _reappointment_results(request, reappointment):
    form = ResultsForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    reappointment_services.reappointment_record_results(
        reappointment_id=reappointment.pk, by=request.user, **form.cleaned_data
    )
    return _("Results recorded.")


def _reappointment_publicity(request, reappointment):
    form = PublicityForm(request.POST)
    if not form.is_valid():
        raise services.TenureError(_form_errors(form))
    reappointment_services.reappointment_start_publicity(
        reappointment_id=reappointment.pk, by=request.user, **form.cleaned_data
    )
    return _("Publicity started.")


def _reappointment_submit(request, reappointment):
    reappointment_services.reappointment_submit_for_review(reappointment_id=reappointment.pk, by=request.user)
    return _("Sent to the office for review.")


def _reappointment_approve(request, reappointment):
    reappointment_services.reappointment_approve(
        reappointment_id=reappointment.pk, note=request.POST.get("note", ""), by=request.user
    )
    return _("Reappointment approved.")


def _reappointment_reject(request, reappointment):
    reappointment_services.reappointment_reject(
        reappointment_id=reappointment.pk, note=request.POST.get("note", ""), by=request.user
    )
    return _("Reappointment refused.")


def _reappointment_certify(request, reappointment):
    reappointment_services.reappointment_certify(reappointment_id=reappointment.pk, by=request.user)
    return _("New term started and certificate issued.")


REAPPOINTMENT_ACTIONS = {
    "results": _reappointment_results,
    "publicity": _reappointment_publicity,
    "submit": _reappointment_submit,
    "approve": _reappointment_approve,
    "reject": _reappointment_reject,
    "certify": _reappointment_certify,
}


@login_required
@require_POST
def reappointment_action(request: HttpRequest, reappointment_id: int, action: str) -> HttpResponse:
    reappointment = get_reappointment_for_user(request.user, reappointment_id)
    return _dispatch(request, REAPPOINTMENT_ACTIONS, action, reappointment, "tenure:reappointment_detail")


@login_required
def term_change(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = TermChangeForm(request.POST or None)
    preview = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            try:
                campaign = term_change_start(by=request.user, **data)
            except services.TenureError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Campaign created with a draft post for each expiring position."))
                return redirect("competition:campaign_detail", campaign.pk)
        preview = expiring_positions(data["expiring_by"])
    return render(request, "tenure/term_change.html", {"form": form, "preview": preview})
