"""Issue 22, defect 11: an empty log is not numbered, the decision's date is separated from its words, the admin
has the site's favicon."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from competition.models import Post
from tests.factories import UserFactory, post_in_state

pytestmark = pytest.mark.django_db


def test_a_post_with_no_steps_says_so_without_a_number(client, office, unit, campaign):
    post = post_in_state(Post.Status.DRAFT, unit=unit, campaign=campaign)
    client.force_login(office)
    page = client.get(f"/office/posts/{post.pk}/").content.decode()
    assert "No steps taken yet." in page
    assert 'list-group-numbered small" data-testid="post-log"' not in page


def test_the_decisions_date_is_separated_from_its_words_in_chinese():
    from core import dates

    with translation.override("zh-hans"):
        text = gettext("Committee decision of %(date)s.") % {"date": dates.day(datetime.date(2026, 12, 2))}
    assert text == "党委（党组）于2026年12月2日讨论决定。"


def test_the_admin_pages_carry_the_favicon(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
