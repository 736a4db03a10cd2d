"""Back-office views of campaigns and posts: parse input, call one service function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from competition import workflow
from competition.access import (
    campaigns_visible_to,
    get_campaign_for_office,
    get_campaign_for_user,
    get_post_for_user,
)
from competition.models import Campaign, Post, Unit
from competition.progress import post_log, post_panels, post_progress
from competition.release import services as release
from competition.release.forms import CampaignForm, PostFilterForm, PostForm, ReasonForm, RoundAssignForm, RoundForm


def _require_back_office(user):
    if not (roles.is_office(user) or roles.is_unit_secretary(user)):
        raise PermissionDenied


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require_back_office(request.user)
    campaigns = campaigns_visible_to(request.user).annotate(post_count=Count("posts")).select_related("unit")
    return render(request, "competition/release/campaign_list.html", {"campaigns": campaigns})


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not roles.is_office(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, _("Campaign created. Now add its first round."))
        return redirect("competition:round_create", campaign.pk)
    return render(request, "competition/form.html", {"form": form, "title": _("New campaign")})


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_office(request.user, campaign_id)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Campaign rules saved."))
        return redirect("competition:campaign_detail", campaign.pk)
    return render(request, "competition/form.html", {"form": form, "title": campaign.name})


@login_required
def round_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_office(request.user, campaign_id)
    form = RoundForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Round saved."))
        return redirect("competition:campaign_detail", campaign.pk)
    return render(request, "competition/form.html", {"form": form, "title": _("New round of %(name)s") % {"name": campaign.name}})


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    posts = Post.objects.visible_to(request.user).filter(campaign=campaign)
    counts = posts.counts_by_status()
    filters = PostFilterForm(request.GET or None)
    listed = filters.filter(posts).select_related("unit", "round").order_by("status", "unit__name", "title")
    return render(
        request,
        "competition/release/campaign_detail.html",
        {
            "campaign": campaign,
            "rounds": campaign.rounds.all(),
            "posts": listed,
            "filters": filters,
            "state_counts": [(value, label, counts.get(value, 0)) for value, label in Post.Status.choices],
            "total": sum(counts.values()),
            "accepted_count": counts.get(Post.Status.ACCEPTED, 0),
        },
    )


@login_required
@require_POST
def campaign_announce_accepted(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Publish every accepted post of the campaign at once; all or none."""
    campaign = get_campaign_for_office(request.user, campaign_id)
    ids = list(campaign.posts.filter(status=Post.Status.ACCEPTED).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            for post_id in ids:
                workflow.post_announce(post_id=post_id, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, _("Nothing was announced: %(error)s") % {"error": error})
    else:
        messages.success(request, _("%(n)s posts announced.") % {"n": len(ids)})
    return redirect("competition:campaign_detail", campaign.pk)


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    _require_back_office(request.user)
    filters = PostFilterForm(request.GET or None)
    posts = filters.filter(Post.objects.visible_to(request.user)).select_related("campaign", "unit", "round")
    return render(request, "competition/release/post_list.html", {"posts": posts.order_by("-campaign__start_date", "unit__name"), "filters": filters})


@login_required
def post_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, campaign_id)
    if roles.is_office(request.user):
        unit_choices = Unit.objects.all()
    elif roles.is_unit_secretary(request.user):
        unit_choices = Unit.objects.filter(pk=request.user.secretary_of_id)
    else:
        raise PermissionDenied
    if campaign.kind == Campaign.Kind.INTERNAL:
        unit_choices = unit_choices.filter(pk=campaign.unit_id)
    form = PostForm(request.POST or None, unit_choices=unit_choices)
    if request.method == "POST" and form.is_valid():
        try:
            post = release.post_create(
                campaign=campaign, unit=form.cleaned_data["unit"], by=request.user, **form.service_fields()
            )
        except (workflow.WorkflowError, ValidationError) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved. Submit it to the office when it is ready."))
            return redirect("competition:post_detail", post.pk)
    return render(request, "competition/form.html", {"form": form, "title": _("Release a post in %(name)s") % {"name": campaign.name}})


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    if not release.can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostForm(request.POST or None, instance=post, unit_choices=Unit.objects.filter(pk=post.unit_id))
    if request.method == "POST" and form.is_valid():
        try:
            release.post_update(post_id=post.pk, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Post saved."))
            return redirect("competition:post_detail", post.pk)
    return render(request, "competition/form.html", {"form": form, "title": str(post)})


@login_required
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    log = list(post_log(post))
    return render(
        request,
        "competition/release/post_detail.html",
        {
            "post": post,
            "steps": post_progress(post, log),
            "log": log,
            "actions": workflow.available_actions(post, request.user),
            "can_edit": release.can_edit_post(request.user, post),
            "panels": post_panels(post, request.user),
            "round_form": RoundAssignForm(campaign=post.campaign, initial={"round": post.round_id})
            if roles.is_office(request.user) and post.status in (Post.Status.RELEASED, Post.Status.ACCEPTED)
            else None,
        },
    )


@login_required
@require_POST
def post_action(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long."))
        return redirect("competition:post_detail", post.pk)
    try:
        post = workflow.run_action(
            form.cleaned_data["action"], post_id=post.pk, by=request.user, reason=form.cleaned_data["reason"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The post is now “%(status)s”.") % {"status": post.get_status_display()})
    return redirect("competition:post_detail", post.pk)


@login_required
@require_POST
def post_assign_round(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_user(request.user, post_id)
    form = RoundAssignForm(request.POST, campaign=post.campaign)
    if not form.is_valid():
        messages.error(request, _("Choose a round of this campaign."))
        return redirect("competition:post_detail", post.pk)
    try:
        release.post_assign_round(post_id=post.pk, round_id=form.cleaned_data["round"].pk, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Round set."))
    return redirect("competition:post_detail", post.pk)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {}
    if roles.is_office(user) or roles.is_unit_secretary(user):
        visible = Post.objects.visible_to(user)
        context["campaigns"] = campaigns_visible_to(user).annotate(post_count=Count("posts"))[:10]
        counts = visible.counts_by_status()
        context["state_counts"] = [(label, counts[value]) for value, label in Post.Status.choices if counts.get(value)]
        if roles.is_unit_secretary(user):
            context["unit"] = get_object_or_404(Unit, pk=user.secretary_of_id)
            context["drafts"] = visible.filter(status__in=[Post.Status.DRAFT, Post.Status.RETURNED]).select_related("campaign", "unit")
        if roles.is_office(user):
            context["awaiting_office"] = visible.filter(status=Post.Status.RELEASED).select_related("campaign", "unit")
    return render(request, "home.html", context)
