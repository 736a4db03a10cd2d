"""Back-office views of campaigns and posts: parse input, call one service function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from accounts.rules import require_back_office, require_office
from competition import kinds, vacancies, workflow, workqueue
from competition.access import (
    campaigns_visible_to,
    get_campaign_for_office,
    get_campaign_for_runner,
    get_campaign_for_user,
    get_post_for_office,
    get_post_for_user,
    get_round_for_runner,
    get_unit_for_secretary,
    units_for_release,
)
from competition.kinds import Step
from competition.models import Post
from competition.progress import post_log, post_panels, post_progress
from competition.registration import control
from competition.registration.forms import ExtendForm, LateRegistrationForm, PauseForm, ResumeForm
from competition.release import services as release
from competition.release.forms import (
    AnnounceAllForm,
    CampaignForm,
    CampaignPostFilterForm,
    PostForm,
    PostListFilterForm,
    ReasonForm,
    RereleaseForm,
    RoundAssignForm,
    RoundForm,
    VacancyOverrideForm,
    save_through,
)
from competition.release.guide import campaign_next_step, default_round, post_next_step
from core.actions import Handler, dispatch
from core.http import attempt
from core.paging import paginate

FORM = "competition/form.html"


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_back_office(request.user)
    campaigns = campaigns_visible_to(request.user).annotate(post_count=Count("posts")).select_related("unit")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        campaigns = campaigns.filter(name__icontains=query)
    campaigns = paginate(request, campaigns.order_by("-start_date", "-pk"))
    return render(request, "competition/release/campaign_list.html", {"campaigns": campaigns, "q": query})


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = save_through(form, lambda: release.campaign_create(by=request.user, **form.service_fields()))
        if campaign is not None:
            messages.success(request, _("Campaign created. Now add its first round."))
            return redirect("competition:round_create", campaign.pk)
    return render(request, FORM, {"form": form, "title": _("New campaign")})


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_office(request.user, campaign_id)
    title = campaign.name
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if save_through(form, lambda: release.campaign_update(campaign_id=campaign.pk, by=request.user, **fields)):
            messages.success(request, _("Campaign rules saved."))
            return redirect("competition:campaign_detail", campaign.pk)
    return render(request, FORM, {"form": form, "title": title})


@login_required
def round_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_runner(request.user, campaign_id, Step.RELEASE)
    form = RoundForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if save_through(form, lambda: release.round_create(campaign_id=campaign.pk, by=request.user, **fields)):
            messages.success(request, _("Round saved."))
            return redirect("competition:campaign_detail", campaign.pk)
    return render(request, FORM, {"form": form, "title": _("New round of %(name)s") % {"name": campaign.name}})


@login_required
def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    """A round's registration window, and while it is open, closing it now for a reason."""
    round_ = get_round_for_runner(request.user, round_id, Step.RELEASE)
    campaign = round_.campaign
    form = RoundForm(request.POST or None, instance=round_, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if save_through(form, lambda: release.round_update(round_id=round_.pk, by=request.user, **fields)):
            messages.success(request, _("Round saved."))
            return redirect("competition:campaign_detail", campaign.pk)
    return render(
        request,
        "competition/release/round_edit.html",
        {"form": form, "round": round_, "is_open": round_.is_open(), "has_closed": round_.has_closed(),
         "title": str(round_), "control": control.round_history(round_),
         "pause_form": PauseForm(), "resume_form": ResumeForm(), "extend_form": ExtendForm(),
         "late_form": LateRegistrationForm(round_=round_)},
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    posts = Post.objects.visible_to(request.user).filter(campaign=campaign)
    counts = posts.counts_by_status()
    filters = CampaignPostFilterForm(request.GET or None, campaign=campaign)
    listed = filters.filter(posts).select_related("unit", "round").order_by("status", "unit__name", "title", "pk")
    return render(
        request,
        "competition/release/campaign_detail.html",
        {
            "campaign": campaign,
            "runs_release": kinds.runs(request.user, campaign, Step.RELEASE),
            "kind_rules": kinds.describe(campaign),
            "rounds": campaign.rounds.all(),
            "posts": paginate(request, listed),
            "filters": filters,
            "state_counts": [(value, label, counts.get(value, 0)) for value, label in Post.Status.choices],
            "total": sum(counts.values()),
            "accepted_count": counts.get(Post.Status.ACCEPTED, 0),
            "next_step": (next_step := campaign_next_step(campaign, request.user)),
            "announce_all_form": AnnounceAllForm(campaign=campaign, initial={"round": default_round(campaign)})
            if next_step and next_step.form == "announce_all"
            else None,
        },
    )


@login_required
@require_POST
def campaign_announce_accepted(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Publish every accepted post of the campaign at once; all or none."""
    campaign = get_campaign_for_runner(request.user, campaign_id, Step.RELEASE)
    form = AnnounceAllForm(request.POST, campaign=campaign)
    if not form.is_valid():
        messages.error(request, _("Choose a round of this campaign."))
        return redirect("competition:campaign_detail", campaign.pk)
    round_id = form.cleaned_data["round"].pk if form.cleaned_data["round"] else None
    attempt(
        request,
        lambda: release.campaign_announce_accepted(campaign_id=campaign.pk, by=request.user, round_id=round_id),
        success=lambda n: _("%(n)s posts announced.") % {"n": n},
    )
    return redirect("competition:campaign_detail", campaign.pk)


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    require_back_office(request.user)
    filters = PostListFilterForm(request.GET or None, campaigns=campaigns_visible_to(request.user))
    posts = filters.filter(Post.objects.visible_to(request.user)).select_related("campaign", "unit", "round")
    posts = posts.order_by("-campaign__start_date", "campaign_id", "unit__name", "title", "pk")
    return render(request, "competition/release/post_list.html", {"posts": paginate(request, posts), "filters": filters})


@login_required
def post_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    form = PostForm(request.POST or None, unit_choices=units_for_release(request.user, campaign))
    if request.method == "POST" and form.is_valid():
        unit, fields = form.cleaned_data["unit"], form.service_fields()
        post = save_through(form, lambda: release.post_create(campaign=campaign, unit=unit, by=request.user, **fields))
        if post is not None:
            messages.success(request, _("Draft saved. Submit it to the office when it is ready."))
            return redirect("competition:post_detail", post.pk)
    return render(request, FORM, {"form": form, "title": _("Release a post in %(name)s") % {"name": campaign.name}})


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    if not release.can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if save_through(form, lambda: release.post_update(post_id=post.pk, by=request.user, **fields)):
            messages.success(request, _("Post saved."))
            return redirect("competition:post_detail", post.pk)
    return render(request, FORM, {"form": form, "title": str(post)})


@login_required
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    log = list(post_log(post))
    next_step = post_next_step(post, request.user)
    # The action the next-step panel offers is its button there, not a second one in the list.
    actions = [a for a in workflow.available_actions(post, request.user) if not next_step or a["name"] != next_step.action]
    announce_form = None
    if next_step and next_step.form == "announce":
        announce_form = RoundAssignForm(campaign=post.campaign, initial={"round": default_round(post.campaign, post), "announce": True})
    return render(
        request,
        "competition/release/post_detail.html",
        {
            "post": post,
            "steps": post_progress(post, log),
            "log": log,
            "actions": actions,
            "next_step": next_step,
            "announce_form": announce_form,
            "can_edit": release.can_edit_post(request.user, post),
            "panels": post_panels(post, request.user),
            "rerelease_form": RereleaseForm(post=post)
            if roles.is_office(request.user) and post.status == Post.Status.FAILED and not post.rereleases.exists()
            else None,
            "round_form": RoundAssignForm(campaign=post.campaign, initial={"round": post.round_id})
            if kinds.runs(request.user, post.campaign, Step.RELEASE) and post.status == Post.Status.RELEASED
            else None,
            "vacancy": vacancies.vacancy_of(post.unit, post.level, excluding_post=post.pk)
            if post.status in vacancies.OVERRIDABLE_STATES
            else None,
            "override_form": VacancyOverrideForm()
            if roles.is_office(request.user) and post.status in vacancies.OVERRIDABLE_STATES
            and post.vacancy_override_at is None
            else None,
        },
    )


def _move(name: str) -> Handler:
    """The post page's handler of one workflow action (``workflow.ACTIONS``)."""

    def handler(request: HttpRequest, post: Post) -> str:
        # post_action has validated the reason with ReasonForm; its cleaning only strips the text.
        reason = request.POST.get("reason", "").strip()
        moved = workflow.run_action(name, post_id=post.pk, by=request.user, reason=reason)
        return _("The post is now “%(status)s”.") % {"status": moved.get_status_display()}

    return handler


POST_ACTIONS: dict[str, Handler] = {name: _move(name) for name in workflow.ACTIONS}


@login_required
@require_POST
def post_action(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long."))
        return redirect("competition:post_detail", post.pk)
    return dispatch(
        request, POST_ACTIONS, form.cleaned_data["action"], post, back=lambda: redirect("competition:post_detail", post.pk)
    )


@login_required
@require_POST
def post_assign_round(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    form = RoundAssignForm(request.POST, campaign=post.campaign)
    if not form.is_valid():
        messages.error(request, _("Choose a round of this campaign."))
    else:
        round_id = form.cleaned_data["round"].pk
        if form.cleaned_data["announce"]:
            attempt(request, lambda: release.post_announce_in_round(post_id=post.pk, round_id=round_id, by=request.user),
                    success=_("The post is announced; registration opens by itself when the window opens."))
        else:
            attempt(request, lambda: release.post_assign_round(post_id=post.pk, round_id=round_id, by=request.user),
                    success=_("Round set."))
    return redirect("competition:post_detail", post.pk)


@login_required
@require_POST
def post_rerelease(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office offers a failed post again in a later round or another campaign (issue 16.5)."""
    post = get_post_for_office(request.user, post_id)
    form = RereleaseForm(request.POST, post=post)
    if not form.is_valid():
        messages.error(request, _("Choose the campaign and the round to re-release the post in."))
        return redirect("competition:post_detail", post.pk)
    round_ = form.cleaned_data["round"]
    copy = attempt(
        request,
        lambda: release.post_rerelease(post_id=post.pk, campaign_id=form.cleaned_data["campaign"].pk,
                                       round_id=round_.pk if round_ else None, by=request.user),
        success=_("The post is drafted again with its requirements; its former applicants are told."),
    )
    return redirect("competition:post_detail", copy.pk if copy is not None else post.pk)


@login_required
@require_POST
def post_vacancy_override(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    form = VacancyOverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the approved number may be exceeded."))
    else:
        attempt(request, lambda: vacancies.post_vacancy_override(post_id=post.pk, by=request.user, **form.cleaned_data),
                success=_("The post may be offered beyond the approved number; the reason is recorded."))
    return redirect("competition:post_detail", post.pk)


def home(request: HttpRequest) -> HttpResponse:
    """Each role starts from its work: what needs this person now, oldest first (competition.workqueue)."""
    user = request.user
    context = {"tasks": workqueue.work_for(user) if user.is_authenticated else []}
    if roles.is_candidate(user):
        context["steps"] = workqueue.candidate_steps(user)
    if roles.is_office(user) or roles.is_unit_secretary(user):
        visible = Post.objects.visible_to(user)
        context["campaigns"] = campaigns_visible_to(user).annotate(post_count=Count("posts"))[:10]
        counts = visible.counts_by_status()
        context["state_counts"] = [(label, counts[value]) for value, label in Post.Status.choices if counts.get(value)]
        if roles.is_unit_secretary(user):
            context["unit"] = get_unit_for_secretary(user)
    return render(request, "home.html", context)
