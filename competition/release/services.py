"""Step 1, post release (推出职位): the office sets up campaigns and their rounds; a unit drafts a post and edits it
until the office accepts it.

The moves between states are in ``competition.workflow``; this module creates and edits campaigns, rounds and drafts.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from accounts.rules import require_office
from competition import kinds, offering, workflow
from competition.kinds import Step
from competition.models import AdmissionTicket, Campaign, Position, Post, Round, Score, Unit
from competition.workflow import WorkflowError
from core.exceptions import ActionRefused

EDITABLE_BY_UNIT = (Post.Status.DRAFT, Post.Status.RETURNED)
EDITABLE_BY_OFFICE = (Post.Status.DRAFT, Post.Status.RETURNED, Post.Status.RELEASED, Post.Status.ACCEPTED)

# The campaign's rules that decide scores, rankings and who goes on (interviews.rules and scoring, the evaluation's
# thresholds): once a candidate has a score, changing them would change results already known to the office.
SCORING_RULES = (
    "examiners_per_session",
    "trim_each_end",
    "written_exam_weight",
    "interview_weight",
    "evaluation_weight",
    "tie_rule",
    "advance_count",
    "advance_percent",
    "has_written_exam",
    "written_pass_line",
    "interview_ratio",
    "inspection_extra",
    "evaluation_turnout_numerator",
    "evaluation_turnout_denominator",
    "evaluation_pass_numerator",
    "evaluation_pass_denominator",
)


# The written exam's rules (competition.written): fixed once a post of the campaign is at the written exam.
WRITTEN_RULES = ("has_written_exam", "written_pass_line", "interview_ratio")


class CampaignError(ActionRefused):
    """A change to a campaign that cannot happen now; the message is for the user."""


def can_edit_post(user: User, post: Post) -> bool:
    if roles.is_office(user):
        return post.status in EDITABLE_BY_OFFICE
    return roles.is_unit_secretary_of(user, post) and post.status in EDITABLE_BY_UNIT


def can_release_for(user: User, unit: Unit) -> bool:
    return roles.is_office(user) or roles.is_unit_secretary_of(user, unit)


def _lock_campaign(campaign_id: int) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).get(pk=campaign_id)


# --- Campaigns and rounds (the office) ---


@transaction.atomic
def campaign_create(*, by: User, **fields: Any) -> Campaign:
    """Start a campaign with its rules (``fields``: the campaign's own fields)."""
    require_office(by, _("Only the competition office sets up campaigns."))
    campaign = Campaign(**fields)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, campaign_id: int, by: User, **fields: Any) -> Campaign:
    """Change a campaign's description and rules; its scoring rules only while none of its posts has a score."""
    require_office(by, _("Only the competition office sets up campaigns."))
    campaign = _lock_campaign(campaign_id)
    changed = [name for name in SCORING_RULES if name in fields and fields[name] != getattr(campaign, name)]
    if changed and Score.objects.filter(application__post__campaign=campaign).exists():
        raise CampaignError(
            _("Candidates of this campaign have interview scores already, so its scoring rules (%(rules)s) can no "
              "longer change.") % {"rules": ", ".join(str(Campaign._meta.get_field(name).verbose_name) for name in changed)}
        )
    written = [name for name in WRITTEN_RULES if name in fields and fields[name] != getattr(campaign, name)]
    if written and (
        AdmissionTicket.objects.filter(session__campaign=campaign).exists()
        or campaign.posts.filter(status=Post.Status.WRITTEN).exists()
    ):
        raise CampaignError(
            _("Posts of this campaign are at the written exam already, so its rules (%(rules)s) can no longer "
              "change.") % {"rules": ", ".join(str(Campaign._meta.get_field(name).verbose_name) for name in written)}
        )
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def round_create(*, campaign_id: int, by: User, **fields: Any) -> Round:
    """Add a round (its number and registration window) to a campaign: the office, or an internal competition's
    secretary (``kinds``)."""
    campaign = _lock_campaign(campaign_id)
    kinds.require_runner(by, campaign, Step.RELEASE, _("Only the competition office sets up campaigns."))
    round_ = Round(campaign=campaign, **fields)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def round_update(*, round_id: int, by: User, **fields: Any) -> Round:
    """Change a round's number or registration window, until its registration has closed."""
    round_ = Round.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=round_id)
    kinds.require_runner(by, round_.campaign, Step.RELEASE, _("Only the competition office sets up campaigns."))
    if round_.has_closed():
        raise CampaignError(_("Registration of this round has closed; its window can no longer change."))
    for name, value in fields.items():
        setattr(round_, name, value)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def campaign_announce_accepted(*, campaign_id: int, by: User, round_id: int | None = None) -> int:
    """Publish every accepted post of the campaign at once, all or none. Returns how many. With ``round_id``, the
    accepted posts that have no round yet are announced in that round (the guided path's one step)."""
    kinds.require_runner(by, Campaign.objects.get(pk=campaign_id), Step.RELEASE,
                         _("Only the competition office announces posts."))
    post_ids = list(
        Post.objects.filter(campaign_id=campaign_id, status=Post.Status.ACCEPTED).values_list("pk", flat=True)
    )
    try:
        for post_id in post_ids:
            if round_id is not None and workflow.lock_post(post_id).round_id is None:
                post_assign_round(post_id=post_id, round_id=round_id, by=by)
            workflow.post_announce(post_id=post_id, by=by)
    except WorkflowError as error:
        raise WorkflowError(_("Nothing was announced: %(error)s") % {"error": error}) from error
    return len(post_ids)


# --- Posts (a unit's drafts) ---


def _position_for(unit: Unit, title: str, level: str) -> Position:
    position, _created = Position.objects.get_or_create(unit=unit, title=title.strip(), defaults={"level": level})
    return position


@transaction.atomic
def post_create(*, campaign: Campaign, unit: Unit, title: str, by: User, **fields: Any) -> Post:
    """Draft a new post of ``unit`` in ``campaign``; the standing position is found or created by title."""
    if not can_release_for(by, unit):
        raise PermissionDenied(_("You may release posts only for your own unit."))
    if campaign.kind == campaign.Kind.INTERNAL and campaign.unit_id != unit.pk:
        raise WorkflowError(_("An internal competition offers only its own unit's posts."))
    level = fields.get("level", Post._meta.get_field("level").default)
    position = _position_for(unit, title, level)
    post = Post(campaign=campaign, unit=unit, position=position, title=position.title, created_by=by, **fields)
    post.full_clean(exclude=["status"])
    post.save()
    return post


@transaction.atomic
def post_update(*, post_id: int, by: User, **fields: Any) -> Post:
    """Edit a post's description while it may still change (see ``can_edit_post``)."""
    post = workflow.lock_post(post_id)
    if not can_edit_post(by, post):
        raise PermissionDenied(_("This post can no longer be edited by you."))
    title = fields.pop("title", None)
    if title and title.strip() != post.title:
        post.position = _position_for(post.unit, title, fields.get("level", post.level))
        post.title = post.position.title
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean(exclude=["status"])
    post.save()
    return post


@transaction.atomic
def post_assign_round(*, post_id: int, round_id: int, by: User) -> Post:
    """The office places an accepted post in a round, whose window will be announced with it."""
    post = workflow.lock_post(post_id)
    kinds.require_runner(by, post.campaign, Step.RELEASE, _("Only the competition office assigns rounds."))
    if post.status not in (Post.Status.RELEASED, Post.Status.ACCEPTED):
        raise WorkflowError(_("A round can be set only before the post is announced."))
    round_ = Round.objects.get(pk=round_id, campaign_id=post.campaign_id)
    post.round = round_
    post.save(update_fields=["round", "updated_at"])
    return post


@transaction.atomic
def post_announce_in_round(*, post_id: int, round_id: int, by: User) -> Post:
    """The guided path's one step after accepting: set the post's round and announce it, both or neither."""
    post_assign_round(post_id=post_id, round_id=round_id, by=by)
    return workflow.post_announce(post_id=post_id, by=by)


# --- Re-release (issue 16.5) ---


@transaction.atomic
def post_rerelease(*, post_id: int, campaign_id: int, by: User, round_id: int | None = None) -> Post:
    """The office offers a post that ended with 本轮未产生人选 again: in a later round of its campaign, or in another
    (the next) campaign. A draft carries its position and requirements (editable like any draft's) and names the
    original (``rereleased_from``; the original lists it in ``rereleases``); the original keeps its state,
    applications and log. Its former applicants are told. A post is re-released once. Returns the draft."""
    require_office(by, _("Only the competition office re-releases a post."))
    post = workflow.lock_post(post_id)
    if post.status != Post.Status.FAILED:
        raise WorkflowError(_("Only a post that ended without an appointee can be re-released."))
    if post.rereleases.exists():
        raise WorkflowError(_("This post has been re-released already."))
    campaign = Campaign.objects.get(pk=campaign_id)
    if campaign.closed_on is not None:
        raise WorkflowError(_("That campaign is closed."))
    if campaign.kind == Campaign.Kind.INTERNAL and campaign.unit_id != post.unit_id:
        raise WorkflowError(_("An internal competition offers only its own unit's posts."))
    round_ = None
    if round_id is not None:
        round_ = Round.objects.filter(pk=round_id, campaign=campaign).first()
        if round_ is None:
            raise WorkflowError(_("Choose a round of the campaign the post is re-released in."))
        if round_.has_closed():
            raise WorkflowError(_("Registration of this round has closed already."))
    if campaign.pk == post.campaign_id and (
        round_ is None or (post.round_id is not None and round_.number <= post.round.number)
    ):
        raise WorkflowError(_("In the same campaign, a post is re-released in a later round: choose one."))
    copy = offering.copy_post(post, campaign=campaign, round_=round_, by=by, rereleased_from=post)
    offering.tell_former_applicants(post, copy)
    return copy
