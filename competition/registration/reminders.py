"""Step 3's reminder rules, registered with notifications.registry when CompetitionConfig.ready() imports this module.

Local dates are those of settings.TIME_ZONE: a registration closing at 17:00 on 10 March is due on 10 March.
"""

import datetime
from collections.abc import Iterator

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from competition.models import Application, Post, Round
from competition.workdays import working_days_ahead
from notifications.messages import Text
from notifications.registry import Due, local_date, office_users, reminder_rule


def _rounds_closing(today: datetime.date, lead_days: int) -> Iterator[tuple[Round, datetime.date]]:
    """Rounds whose registration has not closed yet and closes within the lead time."""
    now = timezone.now()
    # A coarse bound first (no holiday run is longer than lead_days * 2 + 30 calendar days), so that the
    # working-day calendar is read only when a round is near its close.
    rounds = Round.objects.filter(
        registration_closes__gt=now, registration_closes__lt=now + datetime.timedelta(days=lead_days * 2 + 31)
    ).select_related("campaign")
    horizon = None
    for round_ in rounds:
        horizon = horizon or working_days_ahead(today, lead_days)
        closes_on = local_date(round_.registration_closes)
        if closes_on <= horizon:
            yield round_, closes_on


@reminder_rule("registration_closing", label=gettext_lazy("Registration closes soon (candidates)"), lead_days=2)
def registration_closing(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """Candidates whose application still awaits qualification review when registration is about to close.

    The models have no draft application: an application is ``submitted`` as soon as it exists. The
    "unsubmitted" applications of the issue are read as those not yet through review, so the candidate can
    still complete their profile or documents before the close.
    """
    body = gettext_lazy(
        "Your application is still awaiting qualification review. Check that your details are complete "
        "before registration closes."
    )
    url = reverse("registration:my_applications")
    for round_, closes_on in _rounds_closing(today, lead_days):
        # A round of the province has 100,000 applications (bench/pages_scale.py): each is read with the fields the
        # reminder needs, and its post and its candidate's user once each, however many applications they have.
        applications = Application.objects.filter(
            round=round_, status=Application.Status.SUBMITTED, person__user__is_active=True
        ).order_by("pk")
        users = {
            user.pk: user
            for user in User.objects.filter(pk__in=applications.values("person__user_id")).only("pk", "language", "is_active")
        }
        posts = Post.objects.filter(pk__in=applications.values("post_id")).select_related("unit").in_bulk()
        subjects = {}
        for application in applications.only("pk").annotate(post_pk=F("post_id"), user_pk=F("person__user_id")):
            user, post = users.get(application.user_pk), posts.get(application.post_pk)
            if user is None or post is None:
                continue  # applied between these reads: the next scan reminds him
            subject = subjects.get(post.pk)
            if subject is None:
                subject = Text(gettext_lazy("Registration for %(post)s closes on %(day)s"), post=post, day=closes_on)
                subjects[post.pk] = subject
            yield Due(application, user, closes_on, subject, body, url)


@reminder_rule(
    "registration_few_applicants", label=gettext_lazy("Registration closes with too few applicants (office)"), lead_days=2
)
def registration_few_applicants(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, for each post in registration with fewer live applications than the campaign minimum."""
    for round_, closes_on in _rounds_closing(today, lead_days):
        live = ~Q(applications__status__in=[Application.Status.WITHDRAWN, Application.Status.UNQUALIFIED])
        posts = (
            Post.objects.filter(round=round_, status=Post.Status.REGISTRATION)
            .annotate(applicants=Count("applications", filter=live))
            .filter(applicants__lt=round_.campaign.min_qualified_applicants)
            .select_related("unit")
        )
        for post in posts:
            for user in office_users():
                yield Due(
                    post,
                    user,
                    closes_on,
                    Text(
                        gettext_lazy("%(post)s has %(count)s applicants; registration closes on %(day)s"),
                        post=post,
                        count=post.applicants,
                        day=closes_on,
                    ),
                    Text(
                        gettext_lazy(
                            "The campaign needs %(minimum)s qualified applicants for a post to go on. Encourage "
                            "applications, or prepare to move the post to the unit's internal competition at the close."
                        ),
                        minimum=round_.campaign.min_qualified_applicants,
                    ),
                    reverse("competition:post_detail", args=[post.pk]),
                )


@reminder_rule("reviews_pending", label=gettext_lazy("Qualification reviews pending before the close (office)"), lead_days=1)
def reviews_pending(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, for each post whose applications still await qualification review before the close."""
    for round_, closes_on in _rounds_closing(today, lead_days):
        posts = (
            Post.objects.filter(round=round_, status=Post.Status.REGISTRATION)
            .annotate(pending=Count("applications", filter=Q(applications__status=Application.Status.SUBMITTED)))
            .filter(pending__gt=0)
            .select_related("unit")
        )
        for post in posts:
            for user in office_users():
                yield Due(
                    post,
                    user,
                    closes_on,
                    Text(gettext_lazy("%(count)s qualification reviews pending for %(post)s"), count=post.pending, post=post),
                    Text(
                        gettext_lazy("Registration closes on %(day)s. Review the waiting applications on the post's page before then."),
                        day=closes_on,
                    ),
                    reverse("competition:post_detail", args=[post.pk]),
                )
