import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from competition.models import Campaign, Post
from tenure.services import TenureError
from tenure.term_change import term_change_start
from tests.tenure.conftest import TermFactory

OPENS = timezone.now() + datetime.timedelta(days=10)


def start(by, **kwargs):
    arguments = dict(
        name="2029年统一竞岗",
        expiring_by=datetime.date(2028, 12, 31),
        registration_opens=OPENS,
        registration_closes=OPENS + datetime.timedelta(days=7),
        unified_term_end=datetime.date(2033, 12, 31),
        reappointment_deadline=datetime.date(2029, 1, 10),
    )
    arguments.update(kwargs)
    return term_change_start(by=by, **arguments)


def test_one_action_creates_the_next_campaign_with_draft_posts_for_expiring_terms(office, unit, other_unit):
    expiring = [TermFactory(unit=unit), TermFactory(unit=other_unit)]
    TermFactory(unit=unit, end=datetime.date(2030, 6, 30))  # not expiring yet
    campaign = start(office)
    assert campaign.kind == Campaign.Kind.UNIFIED
    assert campaign.unified_term_end == datetime.date(2033, 12, 31)
    posts = Post.objects.filter(campaign=campaign)
    assert {p.position_id for p in posts} == {t.position_id for t in expiring}
    assert {p.status for p in posts} == {Post.Status.DRAFT}
    assert {p.round.number for p in posts} == {1}


def test_only_the_office_starts_a_term_change(secretary, unit):
    TermFactory(unit=unit)
    with pytest.raises(PermissionDenied):
        start(secretary)
    assert not Campaign.objects.filter(name="2029年统一竞岗").exists()


def test_a_term_change_needs_expiring_terms_and_a_new_name(office, unit, campaign):
    with pytest.raises(TenureError, match="No current term"):
        start(office)
    TermFactory(unit=unit)
    with pytest.raises(TenureError, match="already exists"):
        start(office, name=campaign.name)
