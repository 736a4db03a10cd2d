"""One access helper per object type: return the object, or raise 404 (not visible) / 403 (visible, not allowed)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts import rules as roles
from competition.models import Campaign, Post


def campaigns_visible_to(user):
    if roles.is_office(user):
        return Campaign.objects.all()
    if roles.is_unit_secretary(user):
        return Campaign.objects.filter(Q(unit__isnull=True) | Q(unit_id=user.secretary_of_id))
    return Campaign.objects.none()


def get_campaign_for_user(user, campaign_id):
    if not (roles.is_office(user) or roles.is_unit_secretary(user)):
        raise PermissionDenied
    return get_object_or_404(campaigns_visible_to(user), pk=campaign_id)


def get_campaign_for_office(user, campaign_id):
    if not roles.is_office(user):
        raise PermissionDenied
    return get_object_or_404(Campaign, pk=campaign_id)


def get_post_for_user(user, post_id):
    """A post in the back office: the office sees all, a unit secretary their own unit's."""
    if not (roles.is_office(user) or roles.is_unit_secretary(user)):
        raise PermissionDenied
    queryset = Post.objects.visible_to(user).select_related("campaign", "unit", "round", "position")
    return get_object_or_404(queryset, pk=post_id)
