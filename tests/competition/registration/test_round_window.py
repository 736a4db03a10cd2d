"""The office sets a round's registration window on a page and closes registration early with a reason; the post
page says when registration closes and what happens then (issue 22, defect 2)."""

import datetime

import pytest
from django.utils import timezone

from competition.models import Application, Post, Round
from competition.registration import services as registration
from tests.competition.registration.conftest import close_window, make_applicants
from tests.factories import SecretaryFactory

pytestmark = pytest.mark.django_db


def test_round_edit_page_anonymous_wrong_role_and_office(client, secretary, office, reg_post):
    url = f"/office/rounds/{reg_post.round_id}/edit/"
    assert client.get(url).status_code == 302
    client.force_login(secretary)
    assert client.get(url).status_code == 403
    client.force_login(office)
    assert client.get("/office/rounds/999999/edit/").status_code == 404
    page = client.get(url).content.decode()
    assert 'name="registration_closes"' in page and "Close registration now" in page


def test_the_office_moves_a_rounds_deadline_on_its_page(client, office, reg_post):
    round_ = reg_post.round
    later = (timezone.localtime() + datetime.timedelta(days=20)).replace(second=0, microsecond=0)
    client.force_login(office)
    response = client.post(f"/office/rounds/{round_.pk}/edit/", {
        "number": round_.number,
        "registration_opens": timezone.localtime(round_.registration_opens).strftime("%Y-%m-%dT%H:%M"),
        "registration_closes": later.strftime("%Y-%m-%dT%H:%M"),
    })
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.registration_closes == later


def test_a_closed_rounds_window_cannot_change(office, reg_post):
    close_window(reg_post)
    from competition.release import services as release

    with pytest.raises(release.CampaignError, match="closed"):
        release.round_update(round_id=reg_post.round_id, by=office, registration_closes=timezone.now())


def test_closing_now_needs_a_reason_and_the_office(client, office, secretary, reg_post):
    url = f"/registration/rounds/{reg_post.round_id}/close/"
    client.force_login(secretary)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(office)
    client.post(url, {"reason": "  "})
    reg_post.round.refresh_from_db()
    assert reg_post.round.is_open()


def test_closing_now_ends_the_window_and_moves_decided_posts_on(client, office, reg_post):
    people = make_applicants(3)
    for p in people:
        registration.application_submit(post_id=reg_post.pk, by=p.user)
    registration.applications_confirm_passing(post_id=reg_post.pk, by=office)
    client.force_login(office)
    response = client.post(f"/registration/rounds/{reg_post.round_id}/close/", {"reason": "报名人数已足，提前截止"}, follow=True)
    assert "1 post(s) moved on" in response.content.decode()
    reg_post.refresh_from_db()
    assert reg_post.status == Post.Status.INTERVIEW and reg_post.round.has_closed()
    assert Application.objects.filter(post=reg_post, status=Application.Status.QUALIFIED).count() == 3


def test_closing_now_leaves_posts_with_waiting_reviews_to_the_office(office, reg_post):
    for p in make_applicants(3):
        registration.application_submit(post_id=reg_post.pk, by=p.user)
    assert registration.round_close_now(round_id=reg_post.round_id, by=office, reason="提前截止") == (0, 1)
    reg_post.refresh_from_db()
    assert reg_post.status == Post.Status.REGISTRATION and Round.objects.get(pk=reg_post.round_id).has_closed()


def test_a_round_not_yet_open_cannot_be_closed_now(office, reg_post):
    Round.objects.filter(pk=reg_post.round_id).update(
        registration_opens=timezone.now() + datetime.timedelta(days=1),
        registration_closes=timezone.now() + datetime.timedelta(days=5),
    )
    with pytest.raises(registration.RegistrationError, match="not opened"):
        registration.round_close_now(round_id=reg_post.round_id, by=office, reason="x")


def test_the_post_page_says_when_registration_closes_and_what_happens_then(client, office, unit, reg_post):
    closes = timezone.localtime(reg_post.round.registration_closes).strftime("%Y-%m-%d %H:%M")
    client.force_login(SecretaryFactory(secretary_of=unit))
    page = client.get(f"/office/posts/{reg_post.pk}/").content.decode()
    assert closes in page and "goes to interview" in page and "change window or close now" not in page
    client.force_login(office)
    page = client.get(f"/office/posts/{reg_post.pk}/").content.decode()
    assert "change window or close now" in page and f"/office/rounds/{reg_post.round_id}/edit/" in page
