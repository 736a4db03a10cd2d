"""Step 1, post release (推出职位): a unit drafts a post and edits it until the office accepts it.

The moves between states are in ``competition.workflow``; this module creates and edits drafts.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import rules as roles
from competition.models import Position, Post, Round
from competition.workflow import WorkflowError

EDITABLE_BY_UNIT = (Post.Status.DRAFT, Post.Status.RETURNED)
EDITABLE_BY_OFFICE = (Post.Status.DRAFT, Post.Status.RETURNED, Post.Status.RELEASED, Post.Status.ACCEPTED)


def can_edit_post(user, post):
    if roles.is_office(user):
        return post.status in EDITABLE_BY_OFFICE
    return roles.is_unit_secretary_of(user, post) and post.status in EDITABLE_BY_UNIT


def can_release_for(user, unit):
    return roles.is_office(user) or roles.is_unit_secretary_of(user, unit)


def _position_for(unit, title, level):
    position, _created = Position.objects.get_or_create(unit=unit, title=title.strip(), defaults={"level": level})
    return position


@transaction.atomic
def post_create(*, campaign, unit, title, by, **fields):
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
def post_update(*, post_id, by, **fields):
    """Edit a post's description while it may still change (see ``can_edit_post``)."""
    post = Post.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post_id)
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
def post_assign_round(*, post_id, round_id, by):
    """The office places an accepted post in a round, whose window will be announced with it."""
    if not roles.is_office(by):
        raise PermissionDenied(_("Only the competition office assigns rounds."))
    post = Post.objects.select_for_update(of=("self",)).get(pk=post_id)
    if post.status not in (Post.Status.RELEASED, Post.Status.ACCEPTED):
        raise WorkflowError(_("A round can be set only before the post is announced."))
    round_ = Round.objects.get(pk=round_id, campaign_id=post.campaign_id)
    post.round = round_
    post.save(update_fields=["round", "updated_at"])
    return post
