"""A unit secretary releases a post and the office accepts and announces it, in the browser."""

import datetime

import pytest
from django.utils import timezone

from competition.models import Post
from tests.factories import CampaignFactory, OfficeUserFactory, RoundFactory, SecretaryFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("language,texts", [
    ("zh-CN", {"submit": "提交竞岗办", "accept": "受理", "announce": "公布", "announced": "已公布", "log": "记录"}),
    ("en", {"submit": "Submit to the office", "accept": "Accept", "announce": "Announce", "announced": "Announced", "log": "Log"}),
])
def test_a_post_is_released_accepted_and_announced_through_the_pages(journey, language, texts):
    unit = UnitFactory(name="罗店镇")
    SecretaryFactory(username="luodian", secretary_of=unit, full_name="罗店镇书记")
    OfficeUserFactory(username="office", full_name="竞岗办王主任")
    campaign = CampaignFactory(name="2026年统一竞岗")
    RoundFactory(campaign=campaign, number=1, registration_opens=timezone.now() + datetime.timedelta(days=1),
                 registration_closes=timezone.now() + datetime.timedelta(days=8))

    secretary = journey("secretary", language=language, phone=True)
    secretary.login("luodian", PASSWORD)
    secretary.go(f"/office/campaigns/{campaign.pk}/posts/new/")
    page = secretary.page
    page.fill("input[name=title]", "综治办主任")
    page.fill("input[name=max_age]", "45")
    page.fill("textarea[name=duties]", "负责全镇综合治理工作。")
    secretary.shot("draft-form")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=post-status]").inner_text() in ("草稿", "Draft")
    assert page.locator("[data-action=accept]").count() == 0
    page.locator("[data-action=submit]").click()
    page.wait_for_load_state()
    secretary.shot("submitted")
    post = Post.objects.get(title="综治办主任")
    assert post.status == Post.Status.RELEASED
    assert page.locator("[data-action=submit]").count() == 0  # nothing left for the unit to do

    office = journey("office", language=language)
    office.login("office", PASSWORD)
    office.go(f"/office/posts/{post.pk}/")
    assert texts["accept"] in office.page.locator("[data-action=accept]").inner_text()
    office.page.locator("[data-action=accept]").click()
    office.page.wait_for_load_state()
    # The next step is named, and choosing the round and announcing are one form.
    assert office.page.locator("[data-testid=next-step]").get_attribute("data-step") == "announce"
    office.page.locator("select[name=round]").select_option(index=1)
    office.page.locator("[data-action=announce]").click()
    office.page.wait_for_load_state()
    office.shot("announced")
    assert office.page.locator("[data-testid=post-status]").inner_text() == texts["announced"]
    log = office.page.locator("[data-testid=post-log]").inner_text()
    assert "罗店镇书记" in log and "竞岗办王主任" in log
    post.refresh_from_db()
    assert post.status == Post.Status.ANNOUNCED
    assert office.console_errors == []
