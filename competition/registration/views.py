"""Views of registration: the public post board, candidates' pages, and the office's review actions.

Each view parses input, calls one function of ``competition.registration``, and renders or redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.rules import require_office
from audit.models import AuditEvent
from audit.services import audit_record, audited_download
from competition.access import (
    get_announced_post,
    get_application_for_candidate,
    get_application_for_runner,
    get_campaign_for_user,
    get_person_for_office,
    get_person_for_user,
    get_post_for_runner,
    get_post_for_user,
    get_round_for_runner,
    get_work_history_entry_for_candidate,
)
from competition.candidates import selectors as candidate_selectors
from competition.candidates.nomination import nomination_text
from competition.kinds import Step
from competition.models import Post
from competition.registration import control, selectors
from competition.registration import services as registration
from competition.registration.forms import (
    ApplicationForm,
    BoardFilterForm,
    CloseForm,
    ExtendForm,
    FamilyMemberForm,
    LateRegistrationForm,
    PauseForm,
    PeopleSearchForm,
    ProfileForm,
    ResumeForm,
    ReviewForm,
    SwitchForm,
    WithdrawForm,
    WorkHistoryForm,
)
from competition.release.forms import save_through
from core.http import as_download, attempt, attempt_form, download_name, form_error_message

T = "competition/registration/"


# --- Public ---


def board(request: HttpRequest) -> HttpResponse:
    filters = BoardFilterForm(request.GET or None)
    posts = filters.filter(Post.objects.on_board_for(request.user)).select_related("campaign", "unit", "round")
    page = Paginator(posts.order_by("campaign__name", "unit__name", "title"), 50).get_page(request.GET.get("page"))
    return render(request, T + "board.html", {"filters": filters, "page": page, "now": timezone.now()})


def board_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_announced_post(request.user, post_id)
    return render(
        request,
        T + "board_post.html",
        {
            "post": post,
            "own": selectors.own_application_to(request.user, post),
            "window_open": control.applying_open_to(post, request.user),
            "form": ApplicationForm(),
        },
    )


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    # A first profile starts from what the account already knows (the name and the verified email address).
    initial = {} if person else {"name": request.user.full_name, "email": request.user.email}
    form = ProfileForm(request.POST or None, request.FILES or None, instance=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_through(form, lambda: registration.profile_save(
            by=request.user, fields=form.service_fields(), id_number=data["id_number"], photo=data.get("photo_upload")
        ))
        if saved is not None:
            messages.success(request, _("Profile saved and declaration signed."))
            return redirect("registration:profile")
    return render(
        request,
        T + "profile.html",
        {"form": form, "person": person, "history": person.work_history.all() if person else [],
         "history_form": WorkHistoryForm(), "family": person.family.all() if person else [],
         "family_form": FamilyMemberForm()},
    )


@login_required
@require_POST
def work_history_add(request: HttpRequest) -> HttpResponse:
    form = WorkHistoryForm(request.POST)
    if not form.is_valid():
        # A date out of range is named (core.forms); otherwise what the row needs.
        messages.error(request, " ".join(e for f in ("start", "end") for e in form.errors.get(f, [])) or _("Please give the start date, the unit and the position."))
    else:
        attempt(request, lambda: registration.work_history_add(by=request.user, **form.cleaned_data),
                success=_("Work history entry added."))
    return redirect("registration:profile")


@login_required
@require_POST
def family_member_add(request: HttpRequest) -> HttpResponse:
    form = FamilyMemberForm(request.POST)
    if not form.is_valid():
        # A date out of range is named (core.forms); otherwise what the row needs.
        messages.error(request, " ".join(e for f in ("birth_date",) for e in form.errors.get(f, [])) or _("Please give the relation and the name of the family member."))
    else:
        attempt(request, lambda: registration.family_member_add(by=request.user, **form.cleaned_data),
                success=_("Family member added."))
    return redirect("registration:profile")


@login_required
@require_POST
def family_member_delete(request: HttpRequest, member_id: int) -> HttpResponse:
    attempt(request, lambda: registration.family_member_delete(by=request.user, member_id=member_id),
            success=_("Family member removed."))
    return redirect("registration:profile")


@login_required
@require_POST
def work_history_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_work_history_entry_for_candidate(request.user, entry_id)
    attempt(request, lambda: registration.work_history_delete(by=request.user, entry_id=entry.pk),
            success=_("Work history entry removed."))
    return redirect("registration:profile")


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
@audited_download("photo")
def photo(request: HttpRequest, person_id: int) -> FileResponse:
    person = get_person_for_user(request.user, person_id)
    if not person.photo:
        raise Http404
    content_type = "image/png" if person.photo.name.endswith(".png") else "image/jpeg"
    # An attachment: opened directly it downloads instead of rendering (an <img> still shows it).
    extension = "png" if content_type == "image/png" else "jpg"
    response = as_download(
        FileResponse(person.photo.open("rb"), content_type=content_type),
        download_name(person.name, _("photo"), extension=extension),
    )
    return response


# --- Applying ---


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        T + "my_applications.html",
        {"applications": selectors.applications_of(request.user), "person": selectors.person_of(request.user),
         "now": timezone.now()},
    )


@login_required
@require_POST
def apply(request: HttpRequest, post_id: int) -> HttpResponse:
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
        return redirect("registration:board_post", post_id)
    submitted = attempt(
        request,
        lambda: registration.application_submit(
            post_id=post_id, by=request.user, statement=form.cleaned_data["statement"],
            nomination=form.cleaned_data["nomination"],
        ),
        success=_("Your application is submitted."),
    )
    if submitted is None and selectors.is_on_the_board(request.user, post_id):
        return redirect("registration:board_post", post_id)
    return redirect("registration:my_applications")


@login_required
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_candidate(request.user, application_id)
    form = ApplicationForm(request.POST or None, initial={
        "statement": application.statement, "nomination_source": application.nomination_source,
        "nominated_by": application.nominated_by, "nomination_signatures": application.nomination_signatures,
    })
    if request.method == "POST" and form.is_valid():
        statement, nomination = form.cleaned_data["statement"], form.cleaned_data["nomination"]
        attempt(request, lambda: registration.application_update(
            application_id=application.pk, by=request.user, statement=statement, nomination=nomination,
        ), success=_("Application saved."))
        return redirect("registration:my_applications")
    return render(
        request,
        T + "application_edit.html",
        {"application": application, "form": form, "withdraw_form": WithdrawForm(),
         "can_change": registration.application_can_change(application),
         "failures": selectors.failure_texts(application), "nomination": nomination_text(application),
         "file": candidate_selectors.application_file(application)},
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_candidate(request.user, application_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect("registration:application_edit", application.pk)
    attempt(
        request,
        lambda: registration.application_withdraw(application_id=application.pk, by=request.user, reason=form.cleaned_data["reason"]),
        success=_("Application withdrawn."),
    )
    return redirect("registration:my_applications")


@login_required
def application_switch(request: HttpRequest, application_id: int) -> HttpResponse:
    """The posts the candidate may switch his application to; a POST switches in one move."""
    application = get_application_for_candidate(request.user, application_id)
    if request.method == "POST":
        form = SwitchForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a post."))
            return redirect("registration:application_switch", application.pk)
        switched = attempt(
            request,
            lambda: registration.application_switch(
                application_id=application.pk, new_post_id=form.cleaned_data["post"], by=request.user
            ),
            success=lambda new: _("You have switched to %(post)s.") % {"post": new.post},
        )
        if switched is None:
            return redirect("registration:application_switch", application.pk)
        return redirect("registration:my_applications")
    return render(request, T + "application_switch.html",
                  {"application": application, "targets": registration.switch_targets(application)})


# --- The office: review, close, roster, history ---


def _registration_panel(post_id: int) -> HttpResponse:
    return redirect(reverse("competition:post_detail", args=[post_id]) + "#registration")


@login_required
@require_POST
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_runner(request.user, application_id, Step.REGISTRATION)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose qualified or not qualified; the reason is at most 1000 characters."))
        return _registration_panel(application.post_id)
    qualified, reason = form.cleaned_data["decision"] == "qualified", form.cleaned_data["reason"]
    attempt(
        request,
        lambda: registration.application_review(application_id=application.pk, by=request.user, qualified=qualified, reason=reason),
        success=_("Review recorded."),
    )
    return _registration_panel(application.post_id)


@login_required
@require_POST
def confirm_passing(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_runner(request.user, post_id, Step.REGISTRATION)
    attempt(
        request,
        lambda: registration.applications_confirm_passing(post_id=post.pk, by=request.user),
        success=lambda n: _("%(n)s application(s) confirmed as qualified.") % {"n": n},
    )
    return _registration_panel(post.pk)


@login_required
@require_POST
def close(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_runner(request.user, post_id, Step.REGISTRATION)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happens to a post with too few qualified applicants."))
        return redirect("competition:post_detail", post.pk)
    attempt(
        request,
        lambda: registration.registration_close(post_id=post.pk, by=request.user, **form.cleaned_data),
        success=lambda closed: _("Registration closed. The post is now “%(status)s”.") % {"status": closed.get_status_display()},
    )
    return redirect("competition:post_detail", post.pk)


@login_required
@require_POST
def round_close_now(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_runner(request.user, round_id, Step.REGISTRATION)
    attempt(
        request,
        lambda: registration.round_close_now(round_id=round_.pk, by=request.user, reason=request.POST.get("reason", "")),
        success=lambda result: _(
            "Registration closed now. %(closed)s post(s) moved on; %(waiting)s wait for the qualification review."
        ) % {"closed": result[0], "waiting": result[1]},
    )
    return redirect("competition:round_edit", round_.pk)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return as_download(response, filename)


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
def post_roster(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    content = selectors.roster_workbook(selectors.roster_applications().filter(post=post), _("Registration roster"))
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, request=request, export="registration roster", post=post.pk)
    return _xlsx(content, download_name(post.campaign.name, post.unit.name, post.title, _("Registration roster"), extension="xlsx"))


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
def campaign_roster(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    posts = Post.objects.visible_to(request.user).filter(campaign=campaign)
    content = selectors.roster_workbook(selectors.roster_applications().filter(post__in=posts), _("Registration roster"))
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, request=request, export="registration roster", campaign=campaign.pk)
    return _xlsx(content, download_name(campaign.name, _("Registration roster"), extension="xlsx"))


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
def people(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = PeopleSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.people_search(text), 50).get_page(request.GET.get("page"))
    return render(request, T + "people.html", {"form": form, "page": page})


@never_cache  # personal data: no copy in a browser's or a proxy's cache
@login_required
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.with_history(get_person_for_office(request.user, person_id))
    return render(request, T + "person_history.html", {"person": person})


def _reveal(request: HttpRequest, person, back: str) -> HttpResponse:
    audit_record(kind=AuditEvent.Kind.ID_NUMBER_REVEAL, request=request, person=person.pk)
    return render(request, T + "id_number_reveal.html", {"person": person, "back": back})


@never_cache
@login_required
@require_POST
def id_number_reveal(request: HttpRequest, person_id: int) -> HttpResponse:
    """The office sees a person's full ID number on an explicit request, recorded in the audit log."""
    person = get_person_for_office(request.user, person_id)
    return _reveal(request, person, reverse("registration:person_history", args=[person.pk]))


@never_cache
@login_required
@require_POST
def own_id_number_reveal(request: HttpRequest) -> HttpResponse:
    """A candidate sees his own full ID number (recorded too: the log covers every reveal)."""
    person = selectors.person_of(request.user)
    if person is None:
        raise Http404
    return _reveal(request, person, reverse("registration:profile"))


# --- The office's control of a round's registration (on the round's page) ---


def _round_page(round_id: int) -> HttpResponse:
    return redirect(reverse("competition:round_edit", args=[round_id]) + "#registration-control")


@login_required
@require_POST
def round_pause(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_runner(request.user, round_id, Step.REGISTRATION)
    attempt_form(request, PauseForm(request.POST),
                 lambda data: control.round_pause(round_id=round_.pk, by=request.user, **data),
                 success=_("Registration paused; the board shows the reason."))
    return _round_page(round_.pk)


@login_required
@require_POST
def round_resume(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_runner(request.user, round_id, Step.REGISTRATION)
    attempt_form(request, ResumeForm(request.POST),
                 lambda data: control.round_resume(round_id=round_.pk, by=request.user, **data),
                 success=_("Registration resumed."))
    return _round_page(round_.pk)


@login_required
@require_POST
def round_extend(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_runner(request.user, round_id, Step.REGISTRATION)
    attempt_form(request, ExtendForm(request.POST),
                 lambda data: control.round_extend(round_id=round_.pk, by=request.user, **data),
                 success=_("Deadline extended; the applicants are told."))
    return _round_page(round_.pk)


@login_required
@require_POST
def late_registration_grant(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_runner(request.user, round_id, Step.REGISTRATION)
    attempt_form(
        request, LateRegistrationForm(request.POST, round_=round_),
        lambda data: control.late_registration_grant(
            post_id=data["post"].pk, person_id=data["person"].pk, by=request.user, reason=data["reason"],
            valid_until=data["valid_until"],
        ),
        success=_("Late registration permitted."),
    )  # fmt: skip
    return _round_page(round_.pk)
