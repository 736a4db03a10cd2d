"""Each demo role starts from its work (issue 20.1): the home page lists what needs the person now, and each link
leads to that work. The screenshots are the README's pictures of the homes (docs/images/home-*.png)."""

import os

import pytest
from django.core.management import call_command

from competition.management.commands.load_demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open(os.devnull, "w"))


@pytest.mark.parametrize("username", ["office", "luodian", "candidate", "examiner"])
def test_each_role_starts_from_its_work(demo, journey, username):
    if username == "luodian":
        # The demo's units have nothing to draft; 罗店镇 starts one for its next post.
        from competition.models import Campaign, Post, Unit
        from tests.factories import post_in_state

        post_in_state(Post.Status.DRAFT, unit=Unit.objects.get(name="罗店镇"), campaign=Campaign.objects.first())
    person = journey(f"home-{username}")
    person.login(username, DEMO_PASSWORD)
    page = person.go("/")
    person.shot("home")
    items = page.locator("[data-testid=task], [data-testid=application-step]")
    assert items.count() >= 1
    # Every item leads somewhere that answers.
    for href in [items.nth(i).get_attribute("href") for i in range(items.count())]:
        response = page.request.get(person.base + href)
        assert response.status == 200, href
