"""Issue 22, frictions 1 and 2: the post page and the campaign page name the one step that comes next on the way to
registration and offer it (choosing the round and announcing are one form), and each action that needs a reason has
its own labelled form."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from competition.models import Post, Round
from competition.release import services as release
from tests.factories import RoundFactory, post_in_state

pytestmark = pytest.mark.django_db


def page(client, post):
    response = client.get(reverse("competition:post_detail", args=[post.pk]))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def one(node, xpath):
    found = node.xpath(xpath)
    return found[0] if found else None


def next_step(doc):
    panel = one(doc, "//*[@data-testid='next-step']")
    return panel.get("data-step"), panel


def buttons(node, action):
    return node.xpath(f".//button[@data-action='{action}']")


def test_the_post_page_names_the_next_step_at_each_state_of_the_announcement_path(client, office, secretary, unit, campaign):
    post = post_in_state(Post.Status.DRAFT, unit=unit, campaign=campaign)
    client.force_login(secretary)
    step, panel = next_step(page(client, post))
    assert step == "submit" and buttons(panel, "submit")

    post = post_in_state(Post.Status.RELEASED, unit=unit, campaign=campaign)
    step, panel = next_step(page(client, post))
    assert step == "await_office" and not panel.xpath(".//button")  # the unit waits; nothing offered

    client.force_login(office)
    soup = page(client, post)
    step, panel = next_step(soup)
    assert step == "accept" and "Next step: accept the post" in panel.text_content()
    assert len(buttons(soup, "accept")) == 1 and buttons(panel, "accept")  # offered once, there

    client.post(reverse("competition:post_action", args=[post.pk]), {"action": "accept"})
    Post.objects.filter(pk=post.pk).update(round=None)
    soup = page(client, post)
    step, panel = next_step(soup)
    assert step == "announce" and "Next step: announce the post in a round" in panel.text_content()
    form = one(panel, ".//form[@data-testid='announce-form']")
    assert one(form, ".//select[@name='round']") is not None and buttons(form, "announce")
    assert len(soup.xpath("//select[@name='round']")) == 1 and len(buttons(soup, "announce")) == 1

    # One form: the round chosen and the post announced; the window opens later, so the post waits for it.
    later = RoundFactory(campaign=campaign, registration_opens=timezone.now() + datetime.timedelta(days=2),
                         registration_closes=timezone.now() + datetime.timedelta(days=9))
    response = client.post(reverse("competition:post_assign_round", args=[post.pk]), {"round": later.pk, "announce": "True"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.ANNOUNCED and post.round == later
    step, panel = next_step(page(client, post))
    opens = timezone.localtime(later.registration_opens).strftime("%Y-%m-%d %H:%M")
    assert step == "await_opening" and f"registration opens on {opens}" in panel.text_content() and not panel.xpath(".//button")

    Round.objects.filter(pk=later.pk).update(registration_opens=timezone.now() - datetime.timedelta(minutes=1))
    soup = page(client, post)
    step, panel = next_step(soup)
    assert step == "open_registration" and buttons(panel, "open_registration")
    assert len(buttons(soup, "open_registration")) == 1
    client.post(reverse("competition:post_action", args=[post.pk]), {"action": "open_registration"})
    step, panel = next_step(page(client, post))
    closes = timezone.localtime(later.registration_closes).strftime("%Y-%m-%d %H:%M")
    assert step == "review" and closes in panel.text_content()


def test_an_accepted_post_in_a_campaign_without_a_round_to_come_links_to_a_new_round(client, office, campaign):
    post = post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    Round.objects.filter(campaign=campaign).update(registration_opens=timezone.now() - datetime.timedelta(days=9),
                                                   registration_closes=timezone.now() - datetime.timedelta(days=1))
    client.force_login(office)
    step, panel = next_step(page(client, post))
    assert step == "create_round"
    assert one(panel, ".//a").get("href") == reverse("competition:round_create", args=[campaign.pk])


def test_announcing_in_a_round_is_both_or_neither(office, campaign):
    post = post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    ended = RoundFactory(campaign=campaign, registration_opens=timezone.now() - datetime.timedelta(days=9),
                         registration_closes=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(release.WorkflowError):
        release.post_announce_in_round(post_id=post.pk, round_id=ended.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.ACCEPTED and post.round != ended


def test_the_campaign_page_names_the_next_step_and_announces_all_accepted_posts_in_the_chosen_round(client, office, campaign):
    client.force_login(office)
    url = reverse("competition:campaign_detail", args=[campaign.pk])
    released = post_in_state(Post.Status.RELEASED, campaign=campaign)
    soup = lxml.html.fromstring(client.get(url).content)
    assert next_step(soup)[0] == "accept"
    accepted = [post_in_state(Post.Status.ACCEPTED, campaign=campaign) for _ in range(2)]
    Post.objects.filter(pk=accepted[1].pk).update(round=None)
    soup = lxml.html.fromstring(client.get(url).content)
    step, panel = next_step(soup)
    assert step == "announce_all" and "1 have no round yet" in panel.text_content()
    form = one(panel, ".//form[@data-testid='announce-all-form']")
    assert form.get("action") == reverse("competition:campaign_announce", args=[campaign.pk])
    assert one(form, ".//select[@name='round']") is not None
    # Reachable from the post page too, where the office works one post at a time.
    soup = page(client, accepted[0])
    assert one(soup, "//a[@data-testid='announce-all-link']").get("href").startswith(url)

    chosen = RoundFactory(campaign=campaign)
    response = client.post(reverse("competition:campaign_announce", args=[campaign.pk]), {"round": chosen.pk}, follow=True)
    assert "2 posts announced." in [str(m) for m in response.context["messages"]]
    first, second = (Post.objects.get(pk=p.pk) for p in accepted)
    assert first.status == second.status == Post.Status.ANNOUNCED
    assert second.round == chosen and first.round == accepted[0].round  # a post with its round keeps it
    assert Post.objects.get(pk=released.pk).status == Post.Status.RELEASED


REASON_LABELS = {"return_to_unit": "Reason for returning", "fail": "Reason for failing", "cancel": "Reason for cancelling"}


@pytest.mark.parametrize("status, names", [
    (Post.Status.RELEASED, ["return_to_unit", "cancel"]),
    (Post.Status.REGISTRATION, ["fail", "cancel"]),
])
def test_each_action_that_needs_a_reason_has_its_own_labelled_reason_field(client, office, campaign, status, names):
    post = post_in_state(status, campaign=campaign)
    client.force_login(office)
    soup = page(client, post)
    forms = {form.get("data-form-action"): form for form in soup.xpath("//form[@data-testid='action-form']")}
    assert sorted(forms) == sorted(names)
    for name, form in forms.items():
        fields = form.xpath(".//textarea[@name='reason']")
        assert len(fields) == 1
        field = fields[0]
        label = one(form, f".//label[@for='{field.get('id')}']")
        assert label is not None and label.text_content().strip() == REASON_LABELS[name]
        help_text = one(form, f".//*[@id='{field.get('aria-describedby')}']")
        assert help_text is not None and help_text.text_content().strip()
        assert buttons(form, name) and one(form, ".//input[@name='action']").get("value") == name
    # No reason box of the post's actions outside a form of its own action, and every reason box on the page (the
    # vacancy override's too) is labelled inside its own form.
    assert len(soup.xpath("//form[contains(@action, '/action/')]//textarea[@name='reason']")) == len(names)
    for textarea in soup.xpath("//textarea[@name='reason']"):
        assert textarea.xpath(f"ancestor::form[1]//label[@for='{textarea.get('id')}']")


def test_the_reason_labels_are_in_chinese(client, office, campaign):
    post = post_in_state(Post.Status.REGISTRATION, campaign=campaign)
    client.force_login(office)
    client.cookies.load({"django_language": "zh-hans"})
    soup = page(client, post)
    labels = {form.get("data-form-action"): one(form, ".//label").text_content().strip() for form in soup.xpath("//form[@data-testid='action-form']")}
    assert labels == {"fail": "本轮未产生人选的原因", "cancel": "取消理由"}


def test_the_office_home_leads_to_announcing_the_accepted_posts_of_a_campaign_at_once(client, office, campaign):
    from competition.workqueue import work_for

    one = post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    [task] = [t for t in work_for(office) if t.label == "Accepted posts to announce"]
    assert task.count == 1 and task.url == reverse("competition:post_detail", args=[one.pk])
    post_in_state(Post.Status.ACCEPTED, campaign=campaign)
    [task] = [t for t in work_for(office) if t.label == "Accepted posts to announce"]
    assert task.count == 2 and task.url == reverse("competition:campaign_detail", args=[campaign.pk]) + "#next-step"
    client.force_login(office)
    assert task.url.split("#")[0] in client.get("/").content.decode()
