"""The candidate's file's reminder rule, registered with notifications.registry when CompetitionConfig.ready()
imports this module: a candidate who has not handed in a required material is reminded before its deadline."""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from competition.candidates import materials
from competition.models import Application, Material, MaterialRequirement, Post
from competition.workdays import working_days_ahead
from notifications.messages import Text
from notifications.registry import Due, local_date, reminder_rule, user_of


@reminder_rule("materials_due", label=gettext_lazy("A required material is due soon (candidates)"), lead_days=2)
def materials_due(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """Candidates with a live application whose post asks for a required material they have not uploaded, when its
    deadline falls within the lead time (working days)."""
    now = timezone.now()
    horizon = working_days_ahead(today, lead_days)
    requirements = MaterialRequirement.objects.filter(
        required=True, deadline__gt=now, deadline__lt=now + datetime.timedelta(days=lead_days * 2 + 31)
    )
    campaigns = {r.campaign_id for r in requirements if local_date(r.deadline) <= horizon}
    if not campaigns:
        return
    live = (Application.Status.SUBMITTED, Application.Status.QUALIFIED)
    posts = list(
        Post.objects.filter(
            campaign_id__in=campaigns, status__in=(Post.Status.REGISTRATION, Post.Status.WRITTEN, Post.Status.INTERVIEW)
        ).select_related("unit")
    )
    # Every post's requirements in one query, then the applications and what they uploaded in one each, however
    # many posts and candidates (issue 19.3).
    required_of = {}
    for post_pk, of_post in materials.requirements_by_post(posts).items():
        required = [r for r in of_post if r.required and now < r.deadline and local_date(r.deadline) <= horizon]
        if required:
            required_of[post_pk] = required
    if not required_of:
        return
    applications = list(
        Application.objects.filter(post_id__in=required_of, status__in=live, person__user__is_active=True)
        .select_related("person__user")
        .order_by("post_id", "pk")
    )
    uploaded: dict[int, set[int]] = {}
    for application_id, requirement_id in Material.objects.filter(
        application__in=applications, requirement__in=[r.pk for rs in required_of.values() for r in rs]
    ).values_list("application_id", "requirement_id"):
        uploaded.setdefault(application_id, set()).add(requirement_id)
    posts_by_pk = {post.pk: post for post in posts}
    for application in applications:
        post = posts_by_pk[application.post_id]
        user = user_of(application.person)
        have = uploaded.get(application.pk, set())
        # One reminder per application and day (the reminders' key): the titles due that day together.
        by_day: dict[datetime.date, list[str]] = {}
        for requirement in required_of[post.pk]:
            if requirement.pk not in have:
                by_day.setdefault(local_date(requirement.deadline), []).append(requirement.title)
        for due_on, titles in sorted(by_day.items()):
            yield Due(
                application,
                user,
                due_on,
                Text(gettext_lazy("Hand in “%(title)s” for %(post)s by %(day)s"), title="、".join(titles), post=post, day=due_on),
                gettext_lazy("The material is required for your application; without it the qualification review "
                             "finds your application incomplete."),
                reverse("candidates:materials", args=[application.pk]),
            )
