"""Views of registration: the public post board, candidates' pages, and the office's review actions.

Each view parses input, calls one function of ``competition.registration``, and renders or redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from audit.models import AuditEvent
from audit.services import audit_record
from competition.access import get_campaign_for_user, get_post_for_user
from competition.models import Application, Person, Post
from competition.registration import services as registration
from competition.registration.forms import (
    ApplicationForm,
    BoardFilterForm,
    CloseForm,
    PeopleSearchForm,
    ProfileForm,
    ReviewForm,
    WithdrawForm,
    WorkHistoryForm,
)

T = "competition/registration/"


# --- Public ---


def board(request: HttpRequest) -> HttpResponse:
    filters = BoardFilterForm(request.GET or None)
    posts = filters.filter(Post.objects.announced()).select_related("campaign", "unit", "round")
    page = Paginator(posts.order_by("campaign__name", "unit__name", "title"), 50).get_page(request.GET.get("page"))
    return render(request, T + "board.html", {"filters": filters, "page": page, "now": timezone.now()})


def board_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.announced().select_related("campaign", "unit", "round"), pk=post_id)
    own = None
    if roles.is_candidate(request.user):
        own = Application.objects.filter(post=post, person__user=request.user).first()
    return render(
        request,
        T + "board_post.html",
        {
            "post": post,
            "own": own,
            "window_open": post.status == Post.Status.REGISTRATION and post.round.is_open(),
            "form": ApplicationForm(),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    # A first profile starts from what the account already knows (the name and the verified email address).
    initial = {} if person else {"name": request.user.full_name, "email": request.user.email}
    form = ProfileForm(request.POST or None, request.FILES or None, instance=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration.profile_save(
                by=request.user,
                fields=form.service_fields(),
                id_number=form.cleaned_data["id_number"],
                photo=form.cleaned_data.get("photo_upload"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Profile saved and declaration signed."))
            return redirect("registration:profile")
    return render(
        request,
        T + "profile.html",
        {
            "form": form,
            "person": person,
            "history": person.work_history.all() if person else [],
            "history_form": WorkHistoryForm(),
        },
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def work_history_add(request: HttpRequest) -> HttpResponse:
    form = WorkHistoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the start date, the unit and the position."))
        return redirect("registration:profile")
    try:
        registration.work_history_add(by=request.user, **form.cleaned_data)
    except (registration.RegistrationError, ValidationError) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    return redirect("registration:profile")


@login_required
@require_POST
def work_history_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        registration.work_history_delete(by=request.user, entry_id=entry_id)
    except registration.RegistrationError:
        raise Http404 from None
    return redirect("registration:profile")


@login_required
def photo(request: HttpRequest, person_id: int) -> FileResponse:
    person = get_person_for_user(request.user, person_id)
    if not person.photo:
        raise Http404
    content_type = "image/png" if person.photo.name.endswith(".png") else "image/jpeg"
    # An attachment: opened directly it downloads instead of rendering (an <img> still shows it).
    response = FileResponse(
        person.photo.open("rb"), content_type=content_type, as_attachment=True, filename=person.photo.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def get_person_for_user(user, person_id):
    """A person's profile: their own, the office's, or a unit secretary's for people who applied to their unit's posts."""
    if not user.is_authenticated:
        raise PermissionDenied
    queryset = Person.objects.all()
    if roles.is_office(user):
        pass
    elif roles.is_unit_secretary(user):
        queryset = queryset.filter(Q(user=user) | Q(applications__post__unit_id=user.secretary_of_id)).distinct()
    else:
        queryset = queryset.filter(user=user)
    return get_object_or_404(queryset, pk=person_id)


# --- Applying ---


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = (
        Application.objects.filter(person__user=request.user)
        .select_related("post__unit", "post__campaign", "round")
        .order_by("-created_at")
    )
    return render(
        request,
        T + "my_applications.html",
        {"applications": applications, "person": Person.objects.filter(user=request.user).first(), "now": timezone.now()},
    )


@login_required
@require_POST
def apply(request: HttpRequest, post_id: int) -> HttpResponse:
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The statement is too long."))
        return redirect("registration:board_post", post_id)
    try:
        registration.application_submit(post_id=post_id, by=request.user, statement=form.cleaned_data["statement"])
    except registration.RegistrationError as error:
        messages.error(request, str(error))
        return redirect("registration:board_post", post_id) if Post.objects.announced().filter(pk=post_id).exists() else redirect("registration:my_applications")
    messages.success(request, _("Your application is submitted."))
    return redirect("registration:my_applications")


@login_required
def application_edit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = registration.get_application_for_candidate(request.user, application_id)
    form = ApplicationForm(request.POST or None, initial={"statement": application.statement})
    if request.method == "POST" and form.is_valid():
        try:
            registration.application_update(
                application_id=application.pk, by=request.user, statement=form.cleaned_data["statement"]
            )
        except registration.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Application saved."))
        return redirect("registration:my_applications")
    return render(
        request,
        T + "application_edit.html",
        {"application": application, "form": form, "withdraw_form": WithdrawForm(),
         "failures": [registration.describe_failure(f) for f in application.precheck_failures]},
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = registration.get_application_for_candidate(request.user, application_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect("registration:application_edit", application.pk)
    try:
        registration.application_withdraw(application_id=application.pk, by=request.user, reason=form.cleaned_data["reason"])
    except registration.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("registration:my_applications")


# --- The office: review, close, roster, history ---


def _require_office(user):
    if not roles.is_office(user):
        raise PermissionDenied


@login_required
@require_POST
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    _require_office(request.user)
    application = get_object_or_404(Application, pk=application_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose qualified or not qualified; the reason is at most 1000 characters."))
    else:
        try:
            registration.application_review(
                application_id=application.pk,
                by=request.user,
                qualified=form.cleaned_data["decision"] == "qualified",
                reason=form.cleaned_data["reason"],
            )
        except registration.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Review recorded."))
    return redirect(reverse("competition:post_detail", args=[application.post_id]) + "#registration")


@login_required
@require_POST
def confirm_passing(request: HttpRequest, post_id: int) -> HttpResponse:
    _require_office(request.user)
    post = get_post_for_user(request.user, post_id)
    try:
        n = registration.applications_confirm_passing(post_id=post.pk, by=request.user)
    except registration.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s application(s) confirmed as qualified.") % {"n": n})
    return redirect(reverse("competition:post_detail", args=[post.pk]) + "#registration")


@login_required
@require_POST
def close(request: HttpRequest, post_id: int) -> HttpResponse:
    _require_office(request.user)
    post = get_post_for_user(request.user, post_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happens to a post with too few qualified applicants."))
        return redirect("competition:post_detail", post.pk)
    try:
        post = registration.registration_close(
            post_id=post.pk, by=request.user, too_few_action=form.cleaned_data["too_few_action"], reason=form.cleaned_data["reason"]
        )
    except registration.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Registration closed. The post is now “%(status)s”.") % {"status": post.get_status_display()})
    return redirect("competition:post_detail", post.pk)


def _roster_applications():
    return Application.objects.select_related("post__campaign", "post__unit", "round", "person", "applicant_unit").order_by(
        "post__unit__name", "post__title", "created_at"
    )


def _xlsx(content, filename):
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def post_roster(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    content = registration.roster_workbook(_roster_applications().filter(post=post), _("Registration roster"))
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, request=request, export="registration roster", post=post.pk)
    return _xlsx(content, f"roster-post-{post.pk}.xlsx")


@login_required
def campaign_roster(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    applications = _roster_applications().filter(post__in=Post.objects.visible_to(request.user).filter(campaign=campaign))
    content = registration.roster_workbook(applications, _("Registration roster"))
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, request=request, export="registration roster", campaign=campaign.pk)
    return _xlsx(content, f"roster-campaign-{campaign.pk}.xlsx")


@login_required
def people(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    form = PeopleSearchForm(request.GET or None)
    queryset = Person.objects.filter(applications__isnull=False).distinct().select_related("current_unit")
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        queryset = queryset.filter(Q(name__icontains=q) | Q(id_number__iexact=q.upper()))
    page = Paginator(queryset.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, T + "people.html", {"form": form, "page": page})


@login_required
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    _require_office(request.user)
    person = get_object_or_404(
        Person.objects.select_related("current_unit").prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("post__unit", "post__campaign", "round").prefetch_related(
                    "reviews__by"
                ).order_by("post__campaign__start_date", "round__number", "created_at"),
            ),
            "work_history",
        ),
        pk=person_id,
    )
    return render(request, T + "person_history.html", {"person": person, "describe": registration.describe_failure})
