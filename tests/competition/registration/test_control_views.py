"""The round page's registration control: only the office posts its forms; each form reaches its service and a
refusal comes back as a message (issue 16, point 8)."""

import datetime

import pytest
from django.utils import timezone

from competition.models import LateRegistration, RoundEvent
from tests.competition.registration.conftest import close_window

pytestmark = pytest.mark.django_db


def iso(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def urls(round_id):
    base = f"/registration/rounds/{round_id}"
    return {"pause": f"{base}/pause/", "resume": f"{base}/resume/", "extend": f"{base}/extend/", "late": f"{base}/late/"}


def test_anonymous_wrong_role_and_wrong_object_are_kept_out(client, secretary, candidate, office, reg_post, person):
    data = {
        "pause": {"pause-reason": "x"},
        "resume": {"resume-reason": "x"},
        "extend": {"extend-new_closes": iso(timezone.now() + datetime.timedelta(days=9)), "extend-reason": "x"},
        "late": {"late-post": reg_post.pk, "late-id_number": person.id_number, "late-reason": "x",
                 "late-valid_until": iso(timezone.now() + datetime.timedelta(days=1))},
    }
    for name, url in urls(reg_post.round_id).items():
        response = client.post(url, data[name])
        assert response.status_code == 302 and "/login" in response["Location"], name
        for user in (secretary, candidate):
            client.force_login(user)
            assert client.post(url, data[name]).status_code == 403, name
        client.logout()
        client.force_login(office)
        assert client.post(urls(999999)[name], data[name]).status_code == 404, name
        assert client.get(url).status_code == 405, name
        client.logout()
    assert not RoundEvent.objects.exists() and not LateRegistration.objects.exists()


def test_the_office_pauses_and_resumes_on_the_round_page(client, office, reg_post):
    client.force_login(office)
    page = client.get(f"/office/rounds/{reg_post.round_id}/edit/").content.decode()
    assert urls(reg_post.round_id)["pause"] in page and urls(reg_post.round_id)["late"] in page
    response = client.post(urls(reg_post.round_id)["pause"], {"pause-reason": "职位条件更正中"}, follow=True)
    page = response.content.decode()
    assert "职位条件更正中" in page and urls(reg_post.round_id)["resume"] in page
    reg_post.round.refresh_from_db()
    assert reg_post.round.pause_reason == "职位条件更正中"
    client.post(urls(reg_post.round_id)["resume"], {"resume-reason": ""})
    reg_post.round.refresh_from_db()
    assert not reg_post.round.is_paused


def test_a_pause_without_a_reason_is_refused_with_a_message(client, office, reg_post):
    client.force_login(office)
    response = client.post(urls(reg_post.round_id)["pause"], {"pause-reason": ""}, follow=True)
    assert "This field is required" in response.content.decode() or "这个字段是必填项" in response.content.decode()
    reg_post.round.refresh_from_db()
    assert not reg_post.round.is_paused


def test_the_office_extends_the_deadline_and_a_refusal_is_shown(client, office, reg_post):
    client.force_login(office)
    new = (timezone.localtime() + datetime.timedelta(days=20)).replace(second=0, microsecond=0)
    client.post(urls(reg_post.round_id)["extend"], {"extend-new_closes": iso(new), "extend-reason": "延长报名"})
    reg_post.round.refresh_from_db()
    assert reg_post.round.registration_closes == new
    earlier = iso(new - datetime.timedelta(days=1))
    response = client.post(urls(reg_post.round_id)["extend"], {"extend-new_closes": earlier, "extend-reason": "再延"},
                           follow=True)
    assert "later than the present one" in response.content.decode() or "晚于" in response.content.decode()
    assert RoundEvent.objects.count() == 1


def test_the_office_permits_a_late_registration_by_id_number(client, office, reg_post, person):
    client.force_login(office)
    until = timezone.now() + datetime.timedelta(days=2)
    client.post(urls(reg_post.round_id)["late"], {
        "late-post": reg_post.pk, "late-id_number": person.id_number, "late-reason": "因公出差",
        "late-valid_until": iso(until),
    })
    permit = LateRegistration.objects.get()
    assert (permit.post, permit.person, permit.reason, permit.granted_by) == (reg_post, person, "因公出差", office)
    close_window(reg_post)
    page = client.get(f"/office/rounds/{reg_post.round_id}/edit/").content.decode()
    assert "因公出差" in page and person.name in page
