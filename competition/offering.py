"""A post offered again: moved into its unit's internal competition (issue 16.4), or re-released in a later round
or campaign (issue 16.5).

Either way the original post keeps its state, applications and log as they were (the campaign's figures count it
as moved to internal competition, or as 本轮未产生人选), and a new draft carries its position and requirements into
the other campaign, linked both ways: ``moved_from`` / ``moved_to`` for a move inward, ``rereleased_from`` /
``rereleases`` for a re-release. The draft's requirements can then be edited like any draft's.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from competition.kinds import INTERNAL
from competition.models import Application, Campaign, Post, Round, Unit
from notifications.messages import Text
from notifications.services import notify

# What a copy carries over: the position offered and its requirements (任职条件), duties and term goals.
CARRIED_FIELDS = (
    "unit", "position", "title", "places", "level", "min_education", "max_age", "min_rank", "min_years_in_rank",
    "party_member_required", "other_requirements", "duties", "term_goals",
)


def copy_post(post: Post, *, campaign: Campaign, round_: Round | None = None, by: User | None, **links) -> Post:
    """A draft of ``post`` in ``campaign`` (and ``round_``), its requirements copied, ``links`` naming the original."""
    copy = Post(campaign=campaign, round=round_, created_by=by, **{name: getattr(post, name) for name in CARRIED_FIELDS},
                **links)
    copy.full_clean(exclude=["status"])
    copy.save()
    return copy


def open_internal_campaign(unit: Unit) -> Campaign | None:
    return Campaign.objects.filter(kind=INTERNAL, unit=unit, closed_on__isnull=True).first()


def internal_campaign_for(unit: Unit, *, by: User | None) -> Campaign:
    """The unit's open internal competition, created if it has none. The unit's row is locked first, so that two
    posts of the unit moved at the same moment find or create the same one; the unique constraint of one open
    internal competition per unit backs it up."""
    Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
    campaign = open_internal_campaign(unit)
    if campaign is not None:
        return campaign
    year = timezone.localdate().year
    # Its name and description are records, kept in the district's language whoever's request created them.
    with translation.override("zh-hans"):
        base = _("Internal competition of %(unit)s, %(year)s") % {"unit": unit.name, "year": year}
        description = _("Opened when a post moved here.")
    name, n = base, 1
    while Campaign.objects.filter(name=name).exists():
        n += 1
        name = f"{base} ({n})"
    try:
        with transaction.atomic():
            campaign = Campaign(name=name, kind=INTERNAL, unit=unit, description=description)
            campaign.full_clean()
            campaign.save()
    except IntegrityError:  # created in the same instant by a request that did not lock the unit
        campaign = open_internal_campaign(unit)
        if campaign is None:
            raise
    return campaign


def place_in_internal_campaign(post: Post, *, by: User | None) -> Post:
    """Draft ``post`` (just moved to internal competition) in its unit's internal competition, and tell the unit's
    secretaries, who run it. Returns the draft."""
    campaign = internal_campaign_for(post.unit, by=by)
    copy = copy_post(post, campaign=campaign, by=by, moved_from=post)
    secretaries = post.unit.secretaries.filter(is_active=True)
    notify(
        recipients=secretaries,
        subject=Text(gettext_lazy("%(post)s moves to your unit's internal competition"), post=post),
        body=Text(
            gettext_lazy(
                "%(post)s did not find enough qualified applicants in %(campaign)s and moves to the internal "
                "competition of %(unit)s, which you run. A draft with the same requirements waits in %(internal)s: "
                "edit it if needed, set a round and release it; the office approves the evaluation's result."
            ),
            post=post, campaign=post.campaign, unit=post.unit, internal=campaign,
        ),
        url=reverse("competition:post_detail", args=[copy.pk]),
        kind="post_moved_inward",
    )
    return copy


def tell_former_applicants(post: Post, again: Post) -> None:
    """Tell those who applied to ``post`` (and did not withdraw) that it is offered again as ``again``."""
    users = [
        application.person.user
        for application in post.applications.exclude(status=Application.Status.WITHDRAWN).select_related("person__user")
        if application.person.user_id
    ]
    where = (
        Text(gettext_lazy("%(campaign)s, round %(round)s"), campaign=again.campaign, round=again.round.number)
        if again.round_id
        else again.campaign
    )
    notify(
        recipients=users,
        subject=Text(gettext_lazy("%(post)s is offered again"), post=post),
        body=Text(
            gettext_lazy(
                "%(post)s, to which you applied, ended without an appointee and is offered again in %(where)s. "
                "Its requirements may change; once it is announced you will find it on the board and may apply again."
            ),
            post=post, where=where,
        ),
        url=reverse("registration:board"),
        kind="post_rereleased",
    )
