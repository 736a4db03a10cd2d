"""The published notice is what was approved; the office sees a profile changed after applying (issue 14, point 7)."""

import pytest
from django.urls import reverse

from competition.models import Education, Publicity
from competition.publicity import services as publicity
from tests.competition.stages import at_publicity

pytestmark = pytest.mark.django_db


def test_a_profile_edited_after_approval_does_not_change_the_public_or_printed_notice(client, unit, office, secretary):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    person = notice.application.person
    approved_name, approved_position = person.name, person.current_position or "原职务"
    person.current_position = approved_position
    person.save(update_fields=["current_position"])
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    notice.refresh_from_db()
    assert notice.particulars["name"] == approved_name and notice.particulars["position"] == approved_position

    person.name, person.current_position, person.education = "改名者", "自封处长", Education.DOCTORATE
    person.save()
    post.title = "改过的岗位"
    post.save(update_fields=["title"])
    public = client.get(reverse("appointment:publicity_public", args=[notice.pk])).content.decode()
    listing = client.get(reverse("appointment:publicity_list")).content.decode()
    client.force_login(secretary)
    printed = client.get(reverse("appointment:publicity_print", args=[post.pk])).content.decode()
    for page in (public, listing, printed):
        assert approved_name in page
        assert "改名者" not in page and "自封处长" not in page and "改过的岗位" not in page
    assert approved_position in public and approved_position in printed


def test_the_draft_awaiting_approval_shows_the_live_profile_to_check(client, unit, office, secretary):
    post = at_publicity(unit, office)
    notice = Publicity.objects.get(post=post)
    person = notice.application.person
    person.current_position = "最新职务"
    person.save(update_fields=["current_position"])
    assert notice.particulars == {}
    client.force_login(secretary)
    assert "最新职务" in client.get(reverse("appointment:publicity_print", args=[post.pk])).content.decode()
