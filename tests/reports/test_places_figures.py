"""The report counts appointees per place filled, the places released and the substitutions."""

import pytest

from competition.decision import substitutes
from competition.models import Application, Inspection
from reports.statistics import campaign_statistics
from tests.competition.stages import at_inspection_with_places, decide_on, inspect, through_publicity

pytestmark = pytest.mark.django_db


def test_a_two_place_post_with_a_substitute_counts_two_appointees_one_post_and_one_substitution(
    unit, office, secretary
):
    post = at_inspection_with_places(unit, office, places=2)
    first, second, third = Application.objects.filter(post=post).order_by("interview_rank")
    inspect(post, office)
    inspect(post, office, Inspection.Conclusion.FAIL)
    substitutes.substitute_confirm(post_id=post.pk, replaced_id=second.pk, reason="考察不合格", by=office)
    inspect(post, office)
    through_publicity(post, secretary)
    before = campaign_statistics(post.campaign)
    assert (before["appointed"], before["posts_appointed"]) == (0, 0)
    decide_on(post, first, secretary, present_agree=5)
    decide_on(post, third, secretary, present_agree=5)
    stats = campaign_statistics(post.campaign)
    assert stats["appointed"] == 2
    assert stats["posts_appointed"] == 1
    assert stats["places_released"] == 2
    assert stats["substitutions"] == 1
