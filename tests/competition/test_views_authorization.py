"""Every back-office URL × persona gives the expected answer; a secretary never sees another unit's drafts."""

import pytest
from django.urls import reverse

from competition.models import Post
from tests.factories import PostFactory, post_in_state

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "candidate", "outsider", "secretary", "other_secretary", "office"]


@pytest.fixture
def people(request, candidate, outsider, secretary, other_secretary, office):
    return {"anonymous": None, "candidate": candidate, "outsider": outsider, "secretary": secretary,
            "other_secretary": other_secretary, "office": office}


@pytest.fixture
def draft(unit, campaign):
    return PostFactory(unit=unit, campaign=campaign)


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# URL name, kwargs builder, expected status per persona. 302 = sent to log in.
READ_URLS = [
    ("competition:campaign_list", lambda d: {},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 200, "other_secretary": 200, "office": 200}),
    ("competition:campaign_create", lambda d: {},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 403, "other_secretary": 403, "office": 200}),
    ("competition:campaign_detail", lambda d: {"campaign_id": d.campaign_id},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 200, "other_secretary": 200, "office": 200}),
    ("competition:campaign_edit", lambda d: {"campaign_id": d.campaign_id},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 403, "other_secretary": 403, "office": 200}),
    ("competition:round_create", lambda d: {"campaign_id": d.campaign_id},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 403, "other_secretary": 403, "office": 200}),
    ("competition:post_create", lambda d: {"campaign_id": d.campaign_id},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 200, "other_secretary": 200, "office": 200}),
    ("competition:post_list", lambda d: {},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 200, "other_secretary": 200, "office": 200}),
    ("competition:post_detail", lambda d: {"post_id": d.pk},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 200, "other_secretary": 404, "office": 200}),
    ("competition:post_edit", lambda d: {"post_id": d.pk},
     {"anonymous": 302, "candidate": 403, "outsider": 403, "secretary": 200, "other_secretary": 404, "office": 200}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,kwargs,expected", READ_URLS, ids=[u[0] for u in READ_URLS])
def test_read_urls_answer_each_persona_as_expected(client, people, draft, persona, name, kwargs, expected):
    response = get(client, people[persona], reverse(name, kwargs=kwargs(draft)))
    assert response.status_code == expected[persona]
    if expected[persona] == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona,expected_status,moved", [
    ("anonymous", 302, False), ("candidate", 403, False), ("outsider", 403, False),
    ("other_secretary", 404, False), ("office", 403, False), ("secretary", 302, True),
])
def test_only_the_posts_unit_secretary_can_submit_it(client, people, draft, persona, expected_status, moved):
    if people[persona]:
        client.force_login(people[persona])
    response = client.post(reverse("competition:post_action", args=[draft.pk]), {"action": "submit"})
    assert response.status_code == expected_status
    draft.refresh_from_db()
    assert (draft.status == Post.Status.RELEASED) is moved


def test_state_changes_are_refused_on_get(client, secretary, draft):
    client.force_login(secretary)
    response = client.get(reverse("competition:post_action", args=[draft.pk]) + "?action=submit")
    assert response.status_code == 405
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_a_secretary_never_sees_another_units_drafts_in_lists(client, secretary, other_secretary, draft, campaign):
    other_draft = PostFactory(unit=other_secretary.secretary_of, campaign=campaign, title="别人的草稿")
    client.force_login(secretary)
    for url in (reverse("competition:post_list"), reverse("competition:campaign_detail", args=[campaign.pk])):
        content = client.get(url).content.decode()
        assert draft.title in content
        assert other_draft.title not in content


def test_a_secretary_cannot_edit_after_submitting_but_the_office_can_before_announcing(client, secretary, office, draft):
    client.force_login(secretary)
    client.post(reverse("competition:post_action", args=[draft.pk]), {"action": "submit"})
    assert client.get(reverse("competition:post_edit", args=[draft.pk])).status_code == 403
    client.force_login(office)
    assert client.get(reverse("competition:post_edit", args=[draft.pk])).status_code == 200


def test_the_post_page_offers_only_the_actions_the_user_may_take(client, secretary, office, draft):
    client.force_login(secretary)
    page = client.get(reverse("competition:post_detail", args=[draft.pk])).content.decode()
    assert 'data-action="submit"' in page and 'data-action="accept"' not in page
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[draft.pk])).content.decode()
    assert 'data-action="submit"' not in page
    released = post_in_state(Post.Status.RELEASED)
    page = client.get(reverse("competition:post_detail", args=[released.pk])).content.decode()
    assert 'data-action="accept"' in page and 'data-action="return_to_unit"' in page


def test_the_post_page_shows_the_log_with_who_and_why(client, office, secretary, draft):
    client.force_login(secretary)
    client.post(reverse("competition:post_action", args=[draft.pk]), {"action": "submit"})
    client.force_login(office)
    client.post(reverse("competition:post_action", args=[draft.pk]), {"action": "return_to_unit", "reason": "请补充任期目标"})
    page = client.get(reverse("competition:post_detail", args=[draft.pk])).content.decode()
    assert "请补充任期目标" in page
    assert office.full_name in page and secretary.full_name in page


def test_returning_without_a_reason_shows_a_message_and_changes_nothing(client, office):
    post = post_in_state(Post.Status.RELEASED)
    client.force_login(office)
    response = client.post(reverse("competition:post_action", args=[post.pk]), {"action": "return_to_unit", "reason": ""}, follow=True)
    assert "Please give a reason." in response.content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.RELEASED
