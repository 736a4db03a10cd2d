"""Step 1 and 2's reminder rules (release and announcement), registered with notifications.registry when
CompetitionConfig.ready() imports this module.

Each rule reads what it needs in a fixed number of queries however many units, posts or rounds are due (the scan
runs over every deadline of the district: issue 19).
"""

import datetime
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from competition.models import Campaign, Post, Round, Unit
from competition.workdays import working_days_ahead
from notifications.messages import Text
from notifications.registry import Due, local_date, office_users, reminder_rule, unit_secretaries

# A post in these states has not been released by its unit (a cancelled one does not count either way).
NOT_RELEASED = (Post.Status.DRAFT, Post.Status.RETURNED)


def units_not_released(campaigns: list[Campaign]) -> dict[int, dict[int, int]]:
    """For each campaign, the units still to release, each with its number of drafts (or returned posts) to send.

    A unit is still to release when it has a draft or a returned post in the campaign; in a unified competition
    (every unit is asked for posts) and in a unit's internal one, also when it has released nothing at all.
    """
    rows = (
        Post.objects.filter(campaign__in=campaigns)
        .exclude(status=Post.Status.CANCELLED)
        .values("campaign_id", "unit_id")
        .annotate(drafts=Count("id", filter=Q(status__in=NOT_RELEASED)), released=Count("id", filter=~Q(status__in=NOT_RELEASED)))
        .order_by()
    )
    counts: dict[int, dict[int, tuple[int, int]]] = {}
    for row in rows:
        counts.setdefault(row["campaign_id"], {})[row["unit_id"]] = (row["drafts"], row["released"])
    all_units = None
    result: dict[int, dict[int, int]] = {}
    for campaign in campaigns:
        seen = counts.get(campaign.pk, {})
        if campaign.kind == Campaign.Kind.UNIFIED:
            all_units = all_units if all_units is not None else list(Unit.objects.order_by("pk").values_list("pk", flat=True))
            expected = all_units
        elif campaign.kind == Campaign.Kind.INTERNAL:
            expected = [campaign.unit_id]
        else:
            expected = []
        waiting = {unit_id: drafts for unit_id, (drafts, _released) in seen.items() if drafts}
        for unit_id in expected:
            if seen.get(unit_id, (0, 0))[1] == 0:
                waiting.setdefault(unit_id, 0)
        result[campaign.pk] = waiting
    return result


def _unit_still_to_release(reminder) -> bool:
    campaign = Campaign.objects.filter(pk=reminder.object_id, closed_on__isnull=True).first()
    unit_id = reminder.recipient.secretary_of_id
    return campaign is not None and unit_id in units_not_released([campaign])[campaign.pk]


@reminder_rule(
    "release_deadline",
    label=gettext_lazy("Units' release deadline approaching (unit secretaries)"),
    lead_days=5,
    still_due=_unit_still_to_release,
)
def release_deadline(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The secretaries of each unit that has not released its posts, within the lead time (working days) before the
    campaign's release deadline; a unit that has released them (or whose drafts are all sent) is not reminded."""
    horizon = working_days_ahead(today, lead_days)
    campaigns = list(
        Campaign.objects.filter(closed_on__isnull=True, release_deadline__gte=today, release_deadline__lte=horizon)
    )
    if not campaigns:
        return
    waiting = units_not_released(campaigns)
    body_nothing = gettext_lazy(
        "Your unit has not released a post in this campaign yet. Draft the posts it offers and release them to the "
        "competition office before the deadline, or tell the office that the unit offers none."
    )
    for campaign in campaigns:
        subject = Text(
            gettext_lazy("Release your unit's posts for %(campaign)s by %(day)s"),
            campaign=campaign.name,
            day=campaign.release_deadline,
        )
        for unit_id, drafts in waiting[campaign.pk].items():
            body = (
                Text(
                    gettext_lazy(
                        "%(count)s post(s) of your unit are drafted or returned but not released. Complete them and "
                        "release them to the competition office before the deadline."
                    ),
                    count=drafts,
                )
                if drafts
                else body_nothing
            )
            for user in unit_secretaries(unit_id):
                yield Due(campaign, user, campaign.release_deadline, subject, body, reverse("competition:post_list"))


def _round_has_posts_to_announce(reminder) -> bool:
    return Post.objects.filter(round_id=reminder.object_id, status=Post.Status.ACCEPTED).exists()


@reminder_rule(
    "announcement_due",
    label=gettext_lazy("Accepted posts not announced before registration (office)"),
    lead_days=3,
    still_due=_round_has_posts_to_announce,
)
def announcement_due(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The office, within the lead time (working days) before a round's registration opens (the day its posts must
    be announced by), while posts placed in the round are accepted but not announced."""
    now = timezone.now()
    rounds = (
        Round.objects.filter(
            registration_opens__gt=now, registration_opens__lt=now + datetime.timedelta(days=lead_days * 2 + 31)
        )
        .annotate(waiting=Count("posts", filter=Q(posts__status=Post.Status.ACCEPTED)))
        .filter(waiting__gt=0)
        .select_related("campaign")
    )
    horizon = None
    for round_ in rounds:
        horizon = horizon or working_days_ahead(today, lead_days)
        opens_on = local_date(round_.registration_opens)
        if opens_on > horizon:
            continue
        subject = Text(
            gettext_lazy("%(count)s accepted post(s) of %(round)s not announced; registration opens on %(day)s"),
            count=round_.waiting,
            round=round_,
            day=opens_on,
        )
        body = gettext_lazy(
            "Posts are announced with their requirements and the registration window before registration opens. "
            "Announce the accepted posts of the round on the campaign's page."
        )
        for user in office_users():
            yield Due(round_, user, opens_on, subject, body, reverse("competition:campaign_detail", args=[round_.campaign_id]))
