"""Views of steps 5 to 8 (evaluation, inspection, publicity, decision) and their public pages.

Back-office views find the post with an access helper (404 for a post the user may not see, 403 for a
role that may not act), parse the form, call one service function and redirect to the post page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import rules as roles
from competition import decisions, evaluations, inspections, publicity, ratelimit, workflow
from competition.access import get_post_for_user
from competition.appointment_forms import (
    MEMBER_ROWS,
    BallotForm,
    CodeForm,
    DecisionForm,
    EvaluationOpenForm,
    InspectionForm,
    InvestigationForm,
    MemberFormSet,
    ObjectionForm,
    PaperTallyForm,
    PublicityForm,
    ReturnForm,
    WorkdayOverrideForm,
)
from competition.models import Decision, Evaluation, Inspection, Objection, Post, Publicity, WorkdayOverride
from competition.workdays import add_working_days

# Wrong codes per address before the code page refuses more: a typo or two is normal, guessing is not.
VOTE_FAILURES_LIMIT, VOTE_WINDOW = 10, 15 * 60
OBJECTIONS_LIMIT, OBJECTION_WINDOW = 5, 60 * 60


# --- Access helpers ---


def get_post_for_office(user, post_id):
    if not roles.is_office(user):
        raise PermissionDenied
    return get_object_or_404(Post.objects.select_related("campaign", "unit"), pk=post_id)


def get_evaluation_for_office(user, post_id):
    post = get_post_for_office(user, post_id)
    return get_object_or_404(Evaluation.objects.select_related("post__campaign"), post=post)


def get_publicity_for_user(user, post_id):
    """The post's current notice, for the office and the post's unit secretary."""
    post = get_post_for_user(user, post_id)
    notice = Publicity.objects.filter(post=post).select_related("application__person", "post__unit").first()
    if notice is None:
        raise Http404
    return notice


def get_decision_for_user(user, decision_id):
    decision = get_object_or_404(Decision.objects.select_related("post"), pk=decision_id)
    get_post_for_user(user, decision.post_id)
    return decision


def _back(post_id):
    return redirect("competition:post_detail", post_id)


def _form_error(request, form):
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors) or _("Please correct the form."))


# --- Step 5: democratic evaluation ---


@login_required
@require_POST
def evaluation_open(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    form = EvaluationOpenForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(post.pk)
    try:
        evaluations.evaluation_open(post_id=post.pk, by=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evaluation opened. Print the ballot codes next."))
    return _back(post.pk)


@never_cache
@login_required
@require_POST
def evaluation_codes(request: HttpRequest, post_id: int) -> HttpResponse:
    """Issue the codes and show them once, as slips to print: only their hashes are kept."""
    evaluation = get_evaluation_for_office(request.user, post_id)
    try:
        codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return _back(post_id)
    vote_url = request.build_absolute_uri(reverse("appointment:vote"))
    return render(request, "appointment/code_slips.html", {"evaluation": evaluation, "codes": codes, "vote_url": vote_url})


@login_required
def evaluation_paper(request: HttpRequest, post_id: int) -> HttpResponse:
    evaluation = get_evaluation_for_office(request.user, post_id)
    candidates = evaluation.candidates.select_related("application__person")
    form = PaperTallyForm(request.POST or None, candidates=candidates, initial={"ballots": evaluation.paper_ballots})
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.evaluation_record_paper(
                evaluation_id=evaluation.pk, ballots=form.cleaned_data["ballots"], counts=form.counts(), by=request.user
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Paper ballots tallied."))
            return _back(post_id)
    return render(request, "appointment/paper_tally.html", {"evaluation": evaluation, "form": form})


@login_required
@require_POST
def evaluation_close(request: HttpRequest, post_id: int) -> HttpResponse:
    evaluation = get_evaluation_for_office(request.user, post_id)
    try:
        evaluations.evaluation_close(evaluation_id=evaluation.pk, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evaluation closed and tallied."))
    return _back(post_id)


@login_required
def evaluation_results(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    evaluation = get_object_or_404(Evaluation, post=post)
    return render(
        request,
        "appointment/evaluation_results.html",
        {"post": post, "evaluation": evaluation, "results": evaluations.evaluation_results(evaluation)},
    )


# --- Step 6: inspection ---


@login_required
def inspection_record(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    candidate = inspections.next_inspection_candidate(post)
    form = InspectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspections.inspection_record(post_id=post.pk, by=request.user, **form.cleaned_data)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Inspection recorded."))
            return _back(post.pk)
    return render(request, "appointment/inspection_form.html", {"post": post, "candidate": candidate, "form": form})


@login_required
def inspection_report(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The report, for the office and the post's unit secretary only: never from a public media URL."""
    inspection = get_object_or_404(Inspection, pk=inspection_id)
    get_post_for_user(request.user, inspection.post_id)
    return FileResponse(inspection.report.open("rb"), as_attachment=True, filename=inspection.report.name.rsplit("/", 1)[-1])


# --- Step 7: publicity ---


@login_required
def publicity_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    get_post_for_office(request.user, post_id)
    notice = get_publicity_for_user(request.user, post_id)
    form = PublicityForm(request.POST or None, initial={"contact": notice.contact, "note": notice.note})
    if request.method == "POST" and form.is_valid():
        try:
            publicity.publicity_update(publicity_id=notice.pk, by=request.user, **form.cleaned_data)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Notice saved and sent to the unit secretary for approval."))
            return _back(post_id)
    return render(request, "appointment/publicity_form.html", {"notice": notice, "form": form, "preview": _notice_context(notice)})


def _notice_context(notice):
    start, end = notice.start_date, notice.end_date
    if start is None:
        start, end = publicity.publicity_period(timezone.localdate(), notice.working_days)
    return {"notice": notice, "person": notice.application.person, "application": notice.application, "start": start, "end": end}


@login_required
@require_POST
def publicity_approve(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    try:
        publicity.publicity_approve(publicity_id=notice.pk, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Notice approved and published."))
    return _back(post_id)


@login_required
@require_POST
def publicity_return(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return _back(post_id)
    try:
        publicity.publicity_return(publicity_id=notice.pk, reason=form.cleaned_data["reason"], by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Notice returned to the office."))
    return _back(post_id)


@login_required
def publicity_print(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    return render(request, "appointment/publicity_print.html", _notice_context(notice))


@login_required
@require_POST
def objection_investigate(request: HttpRequest, objection_id: int) -> HttpResponse:
    if not roles.is_office(request.user):
        raise PermissionDenied
    objection = get_object_or_404(Objection.objects.select_related("publicity"), pk=objection_id)
    form = InvestigationForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(objection.publicity.post_id)
    try:
        publicity.objection_investigate(objection_id=objection.pk, by=request.user, **form.cleaned_data)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Investigation recorded."))
    return _back(objection.publicity.post_id)


# --- Step 8: decision, and the office's choices after a stopped candidate ---


@login_required
def decision_record(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    if not decisions.can_record_decision(request.user, post):
        raise PermissionDenied
    candidate = decisions.decision_candidate(post)
    form = DecisionForm(request.POST or None)
    members = MemberFormSet(request.POST or None, initial=[{}] * MEMBER_ROWS if request.method != "POST" else None, prefix="m")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        try:
            decision = decisions.decision_record(
                post_id=post.pk, members=[m for m in members.cleaned_data if m], by=request.user, **form.cleaned_data
            )
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            if decision.result == Decision.Result.PASSED:
                messages.success(request, _("The committee passed the appointment; the term has started."))
            else:
                messages.warning(request, _("The committee did not pass the appointment."))
            return redirect("appointment:decision_print", decision.pk)
    return render(request, "appointment/decision_form.html", {"post": post, "candidate": candidate, "form": form, "members": members})


@login_required
def decision_print(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, decision_id)
    return render(
        request,
        "appointment/decision_print.html",
        {"decision": decision, "members": decision.members.all(), "person": decision.application.person},
    )


@login_required
@require_POST
def next_candidate(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    reason = request.POST.get("reason", "")[:2000]
    try:
        workflow.post_return_to_inspection(post_id=post.pk, by=request.user, reason=reason)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The next candidate can now be inspected."))
    return _back(post.pk)


@login_required
@require_POST
def rerelease(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    reason = request.POST.get("reason", "")[:2000]
    try:
        copy = decisions.post_rerelease(post_id=post.pk, by=request.user, reason=reason)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return _back(post.pk)
    messages.success(request, _("The post failed and was drafted again for a later round."))
    return _back(copy.pk)


# --- Working-day overrides ---


@login_required
def workdays(request: HttpRequest) -> HttpResponse:
    if not roles.is_office(request.user):
        raise PermissionDenied
    form = WorkdayOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Working-day override saved."))
        return redirect("appointment:workdays")
    today = timezone.localdate()
    return render(
        request,
        "appointment/workdays.html",
        {"form": form, "overrides": WorkdayOverride.objects.all(), "example_end": add_working_days(today, 5), "today": today},
    )


@login_required
@require_POST
def workday_delete(request: HttpRequest, override_id: int) -> HttpResponse:
    if not roles.is_office(request.user):
        raise PermissionDenied
    get_object_or_404(WorkdayOverride, pk=override_id).delete()
    messages.success(request, _("Working-day override removed."))
    return redirect("appointment:workdays")


# --- Public pages ---


def _too_many(request, message):
    response = render(request, "appointment/refused.html", {"message": message}, status=429)
    response["Retry-After"] = "900"
    return response


@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    """Enter a code, then rate each candidate. Wrong codes are counted per address and limited."""
    address = ratelimit.client_address(request)
    if request.method != "POST":
        return render(request, "appointment/vote_code.html", {"form": CodeForm()})
    if ratelimit.is_limited("vote", address, limit=VOTE_FAILURES_LIMIT, window=VOTE_WINDOW):
        return _too_many(request, _("Too many wrong codes from your address. Please wait 15 minutes and try again."))
    code_form = CodeForm(request.POST)
    found = evaluations.find_code(request.POST.get("code", "")) if code_form.is_valid() else None
    if found is None:
        ratelimit.hit("vote", address, window=VOTE_WINDOW)
        code_form.add_error("code", _("This code is not valid or has already been used."))
        return render(request, "appointment/vote_code.html", {"form": code_form})
    evaluation = found.evaluation
    candidates = evaluation.candidates.select_related("application__person")
    if "cast" not in request.POST:
        form = BallotForm(initial={"code": request.POST["code"]}, candidates=candidates)
        return render(request, "appointment/vote_ballot.html", {"form": form, "evaluation": evaluation})
    form = BallotForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return render(request, "appointment/vote_ballot.html", {"form": form, "evaluation": evaluation})
    try:
        evaluations.ballot_cast(code=form.cleaned_data["code"], ratings=form.ratings())
    except evaluations.BallotError as error:
        ratelimit.hit("vote", address, window=VOTE_WINDOW)
        code_form = CodeForm()
        return render(request, "appointment/vote_code.html", {"form": code_form, "error": str(error)})
    return render(request, "appointment/vote_done.html", {"evaluation": evaluation})


def publicity_list(request: HttpRequest) -> HttpResponse:
    notices = Publicity.objects.on_show(timezone.localdate()).select_related("application__person", "post__unit")
    return render(request, "appointment/publicity_list.html", {"notices": notices})


@never_cache
def publicity_public(request: HttpRequest, publicity_id: int) -> HttpResponse:
    notice = get_object_or_404(
        Publicity.objects.on_show(timezone.localdate()).select_related("application__person", "post__unit", "post__campaign"),
        pk=publicity_id,
    )
    form = ObjectionForm(request.POST or None)
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if ratelimit.is_limited("objection", address, limit=OBJECTIONS_LIMIT, window=OBJECTION_WINDOW):
            return _too_many(request, _("Too many objections from your address. Please wait an hour, or object by the contact given in the notice."))
        if form.is_valid():
            try:
                objection = publicity.objection_file(publicity_id=notice.pk, **form.cleaned_data)
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                ratelimit.hit("objection", address, window=OBJECTION_WINDOW)
                return render(request, "appointment/objection_received.html", {"objection": objection, "notice": notice})
    return render(request, "appointment/publicity_public.html", {**_notice_context(notice), "form": form})
