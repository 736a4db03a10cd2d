"""Views of step 6, organizational inspection: the office's notice, team, checklist and conclusion pages, the pool,
and the public inspection notices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.rules import require_office
from audit.services import audited_download
from competition.access import (
    get_inspection_for_office,
    get_inspection_for_user,
    get_inspector_for_office,
    get_post_for_office,
    get_public_inspection_notice,
)
from competition.inspection import selectors
from competition.inspection import services as inspections
from competition.inspection.forms import (
    ChecklistForm,
    ConclusionForm,
    InspectorForm,
    InspectorRelativeForm,
    NoticeForm,
    RecusalForm,
    TeamForm,
)
from competition.inspection.rules import TEAM_MINIMUM, recusal_reasons
from competition.models import Inspector
from competition.progress import redirect_to_post
from core.exceptions import ActionRefused
from core.http import as_download, attempt, attempt_form, download_name

# --- The notice and the team (per post) ---


@login_required
def inspection_notice(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office publishes the inspection notice of the candidates not yet announced."""
    post = get_post_for_office(request.user, post_id)
    today = timezone.localdate()
    form = NoticeForm(
        request.POST or None, initial={"start_date": today, "end_date": today, "contact": selectors.default_contact()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspections.inspection_notice_publish(post_id=post.pk, by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The inspection notice is published."))
            return redirect_to_post(post.pk)
    context = {"post": post, "form": form, "candidates": inspections.not_announced(post)}
    return render(request, "competition/inspection/notice_form.html", context)


@login_required
def inspection_team(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office chooses the team from the pool; the page shows who would be recused for whom."""
    post = get_post_for_office(request.user, post_id)
    open_inspections = list(
        post.inspections.filter(conclusion="").select_related("application__person").prefetch_related("team_members")
    )
    current = {m.inspector_id for i in open_inspections for m in i.team_members.all()}
    form = TeamForm(request.POST or None, initial={"inspectors": sorted(current)})
    if request.method == "POST" and form.is_valid():
        ids = [inspector.pk for inspector in form.cleaned_data["inspectors"]]
        try:
            inspections.inspection_team_set(post_id=post.pk, inspector_ids=ids, by=request.user)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The inspection team is chosen."))
            return redirect_to_post(post.pk)
    pool = list(Inspector.objects.filter(active=True).select_related("unit"))
    conflicts = [
        {"name": i.application.person.name, "recused": [(m, reason) for m in pool if (reason := reasons.get(m.pk))]}
        for i in open_inspections
        if (reasons := recusal_reasons(pool, i.application))
    ]
    context = {"post": post, "form": form, "conflicts": conflicts, "open": open_inspections, "minimum": TEAM_MINIMUM}
    return render(request, "competition/inspection/team_form.html", context)


# --- One candidate ---


@login_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """A candidate's inspection: the team, the checklist (saved as the team goes) and the conclusion."""
    inspection = get_inspection_for_office(request.user, inspection_id)
    on_record = selectors.on_record(inspection)
    initial = ChecklistForm.initial_for(inspection, selectors.evaluation_result_of(inspection))
    checklist = ChecklistForm(request.POST or None, initial=initial, on_record=on_record)
    if request.method == "POST" and checklist.is_valid():
        try:
            inspections.inspection_checklist_save(
                inspection_id=inspection.pk, by=request.user, **checklist.service_fields()
            )
        except ActionRefused as error:
            checklist.add_error(None, str(error))
        else:
            messages.success(request, _("The checklist is saved."))
            return redirect("appointment:inspection_detail", inspection.pk)
    row = next(r for r in selectors.inspection_rows(inspection.post) if r["inspection"].pk == inspection.pk)
    context = {
        "inspection": inspection, "post": inspection.post, "row": row, "checklist": checklist,
        "conclusion": ConclusionForm(), "may_record": not inspection.concluded,
    }  # fmt: skip
    return render(request, "competition/inspection/inspection_detail.html", context)


@login_required
@require_POST
def inspection_conclusion(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = get_inspection_for_office(request.user, inspection_id)
    done = attempt_form(
        request, ConclusionForm(request.POST, request.FILES),
        lambda data: inspections.inspection_conclusion_record(inspection_id=inspection.pk, by=request.user, **data),
        success=lambda i: _("The conclusion for %(name)s is recorded: %(conclusion)s.") % {
            "name": i.application.person.name, "conclusion": i.get_conclusion_display()},
    )  # fmt: skip
    if done is None:
        return redirect("appointment:inspection_detail", inspection.pk)
    return redirect_to_post(inspection.post_id)


@login_required
@require_POST
def inspection_recusal(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The office recuses a member of the candidate's team for another conflict, with its reason."""
    inspection = get_inspection_for_office(request.user, inspection_id)
    attempt_form(
        request, RecusalForm(request.POST),
        lambda data: inspections.inspection_recusal_add(
            inspection_id=inspection.pk, inspector_id=data["inspector"], reason=data["reason"], by=request.user),
        success=_("The recusal is recorded."),
    )  # fmt: skip
    return redirect("appointment:inspection_detail", inspection.pk)


@login_required
@audited_download("inspection report")
def inspection_report(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The report, for the office and the post's unit secretary only: never from a public media URL."""
    inspection = get_inspection_for_user(request.user, inspection_id)
    post = inspection.post
    extension = inspection.report.name.rsplit(".", 1)[-1] if "." in inspection.report.name else "pdf"
    name = download_name(
        post.campaign.name, post.unit.name, post.title, inspection.application.person.name, _("Inspection report"),
        extension=extension,
    )  # fmt: skip
    return as_download(FileResponse(inspection.report.open("rb")), name)


@login_required
@require_POST
def inspection_conclude(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office goes on to publicity with those whose inspection passed, without a substitute."""
    post = get_post_for_office(request.user, post_id)
    attempt(
        request,
        lambda: inspections.inspection_conclude(post_id=post.pk, by=request.user),
        success=_("The candidates who passed the inspection go on to publicity."),
    )
    return redirect_to_post(post.pk)


# --- The pool ---


@login_required
def inspector_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = InspectorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inspector = attempt(
            request, lambda: inspections.inspector_create(by=request.user, **form.service_fields()),
            success=_("Added to the inspection team pool."),
        )  # fmt: skip
        if inspector is not None:
            return redirect("appointment:inspector_detail", inspector.pk)
    inspectors = Inspector.objects.select_related("unit").order_by("-active", "name", "pk")
    return render(request, "competition/inspection/inspector_list.html", {"inspectors": inspectors, "form": form})


@login_required
def inspector_detail(request: HttpRequest, inspector_id: int) -> HttpResponse:
    inspector = get_inspector_for_office(request.user, inspector_id)
    form = InspectorRelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inspections.inspector_add_relative(
            inspector_id=inspector.pk,
            person=form.cleaned_data["person"],
            kind=form.cleaned_data["kind"],
            by=request.user,
        )
        messages.success(request, _("Relative declared."))
        return redirect("appointment:inspector_detail", inspector.pk)
    relatives = inspector.relatives.select_related("person")
    seats = inspector.team_seats.select_related("inspection__post__unit", "inspection__application__person").order_by(
        "-pk"
    )[:50]
    context = {"inspector": inspector, "relatives": relatives, "form": form, "seats": seats}
    return render(request, "competition/inspection/inspector_detail.html", context)


@login_required
@require_POST
def inspector_active(request: HttpRequest, inspector_id: int) -> HttpResponse:
    inspector = get_inspector_for_office(request.user, inspector_id)
    active = not inspector.active
    attempt(
        request, lambda: inspections.inspector_set_active(inspector_id=inspector.pk, active=active, by=request.user),
        success=_("Back in the pool.") if active else _("Taken out of the pool."),
    )  # fmt: skip
    return redirect("appointment:inspector_detail", inspector.pk)


# --- The public notices (no login) ---


@never_cache
def inspection_notice_list(request: HttpRequest) -> HttpResponse:
    notices = selectors.notices_on_show(timezone.localdate())
    return render(request, "competition/inspection/notice_list.html", {"notices": notices})


@never_cache
def inspection_notice_public(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_public_inspection_notice(notice_id, timezone.localdate())
    return render(request, "competition/inspection/notice_public.html", {"notice": notice})
