"""Views of step 7, pre-appointment publicity: the notice, its approval, objections, working days and the public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.services import audited_download
from competition.access import (
    get_objection_for_office,
    get_public_notice,
    get_publicity_for_office,
    get_publicity_for_user,
    get_workday_override_for_office,
    workday_overrides_for_office,
)
from competition.progress import redirect_to_post
from competition.publicity import services as publicity
from competition.publicity.forms import InvestigationForm, ObjectionForm, PublicityForm, ReturnForm, WorkdayOverrideForm
from competition.publicity.selectors import notice_context, notices_on_show
from competition.workdays import add_working_days
from core import ratelimit
from core.exceptions import ActionRefused
from core.http import attempt, client_address, form_error_message

# Look-ups of an objection's outcome per address and quarter hour: a reference has 24 random bits; guessing is not
# a way to learn about other people's objections.
LOOKUPS_LIMIT, LOOKUP_WINDOW = 20, 15 * 60
# Objections per address and hour: a person has little to report twice; a flood is abuse.
OBJECTIONS_LIMIT, OBJECTION_WINDOW = 5, 60 * 60


# --- Step 7: publicity ---


@login_required
def publicity_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_office(request.user, post_id)
    form = PublicityForm(request.POST or None, initial={"contact": notice.contact, "note": notice.note})
    if request.method == "POST" and form.is_valid():
        try:
            publicity.publicity_update(publicity_id=notice.pk, by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Notice saved and sent to the unit secretary for approval."))
            return redirect_to_post(post_id)
    preview = notice_context(notice, timezone.localdate())
    return render(request, "competition/publicity/publicity_form.html", {"notice": notice, "form": form, "preview": preview})


@login_required
@require_POST
def publicity_approve(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    attempt(
        request,
        lambda: publicity.publicity_approve(publicity_id=notice.pk, by=request.user),
        success=_("Notice approved and published."),
    )
    return redirect_to_post(post_id)


@login_required
@require_POST
def publicity_end(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    attempt(
        request,
        lambda: publicity.publicity_end(publicity_id=notice.pk, by=request.user),
        success=_("Publicity ended; the post now awaits the committee decision."),
    )
    return redirect_to_post(post_id)


@login_required
@require_POST
def publicity_return(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect_to_post(post_id)
    attempt(
        request,
        lambda: publicity.publicity_return(publicity_id=notice.pk, reason=form.cleaned_data["reason"], by=request.user),
        success=_("Notice returned to the office."),
    )
    return redirect_to_post(post_id)


@login_required
@audited_download("publicity notice")
def publicity_print(request: HttpRequest, post_id: int) -> HttpResponse:
    notice = get_publicity_for_user(request.user, post_id)
    return render(request, "competition/publicity/publicity_print.html", notice_context(notice, timezone.localdate()))


@login_required
@require_POST
def objection_investigate(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = get_objection_for_office(request.user, objection_id)
    form = InvestigationForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
        return redirect_to_post(objection.publicity.post_id)
    attempt(
        request,
        lambda: publicity.objection_investigate(objection_id=objection.pk, by=request.user, **form.cleaned_data),
        success=_("Investigation recorded."),
    )
    return redirect_to_post(objection.publicity.post_id)


@never_cache
@login_required
def objection_identity(request: HttpRequest, objection_id: int) -> HttpResponse:
    """Who objected: for the office only, and every showing of it is in the audit log."""
    objection = get_objection_for_office(request.user, objection_id)
    identity = publicity.objection_identity_read(objection_id=objection.pk, by=request.user, request=request)
    return render(request, "competition/publicity/objection_identity.html", {"objection": objection, "identity": identity})


# --- Working-day overrides ---


@login_required
def workdays(request: HttpRequest) -> HttpResponse:
    overrides = workday_overrides_for_office(request.user)
    form = WorkdayOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Working-day override saved."))
        return redirect("appointment:workdays")
    today = timezone.localdate()
    return render(
        request,
        "competition/publicity/workdays.html",
        {"form": form, "overrides": overrides, "example_end": add_working_days(today, 5), "today": today},
    )


@login_required
@require_POST
def workday_delete(request: HttpRequest, override_id: int) -> HttpResponse:
    get_workday_override_for_office(request.user, override_id).delete()
    messages.success(request, _("Working-day override removed."))
    return redirect("appointment:workdays")


def publicity_list(request: HttpRequest) -> HttpResponse:
    notices = notices_on_show(timezone.localdate())
    return render(request, "competition/publicity/publicity_list.html", {"notices": notices})


@never_cache
def publicity_public(request: HttpRequest, publicity_id: int) -> HttpResponse:
    today = timezone.localdate()
    notice = get_public_notice(publicity_id, today)
    context = notice_context(notice, today)
    form = ObjectionForm(request.POST or None, rows=context["rows"])
    if request.method == "POST":
        address = client_address(request)
        if ratelimit.is_limited("objection", address, limit=OBJECTIONS_LIMIT, window=OBJECTION_WINDOW):
            return ratelimit.too_many(
                request,
                _("Too many objections from your address. Please wait %(minutes)s minutes, or object by the contact given in the notice."),
                window=OBJECTION_WINDOW,
            )
        if form.is_valid():
            fields = dict(form.cleaned_data)
            # The candidate objected to: one of this notice's rows on show (the form offers no other).
            target = fields.pop("candidate", None) or notice.pk
            try:
                objection = publicity.objection_file(publicity_id=target, **fields)
            except ActionRefused as error:
                form.add_error(None, str(error))
            else:
                ratelimit.hit("objection", address, window=OBJECTION_WINDOW)
                return render(request, "competition/publicity/objection_received.html", {"objection": objection, "notice": notice})
    return render(request, "competition/publicity/publicity_public.html", {**context, "form": form})


@never_cache
def objection_lookup(request: HttpRequest) -> HttpResponse:
    """The objector looks up the outcome with the reference number (no login: objections may be anonymous)."""
    reference = request.GET.get("reference", "").strip()
    context: dict[str, object] = {"reference": reference}
    if reference:
        address = client_address(request)
        if ratelimit.is_limited("objection_lookup", address, limit=LOOKUPS_LIMIT, window=LOOKUP_WINDOW):
            return ratelimit.too_many(
                request, _("Too many look-ups from your address. Please wait 15 minutes and try again."), window=LOOKUP_WINDOW
            )
        ratelimit.hit("objection_lookup", address, window=LOOKUP_WINDOW)
        context["objection"] = publicity.objection_outcome(reference)
        context["not_found"] = context["objection"] is None
    return render(request, "competition/publicity/objection_lookup.html", context)
