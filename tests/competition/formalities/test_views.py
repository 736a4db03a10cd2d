"""The formalities page: for the post's unit secretary and the office; refusals are shown, not hidden."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tenure.models import Term
from tests.competition.stages import at_decision, decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(unit, office, secretary):
    return decide(at_decision(unit, office, secretary), secretary, present_agree=5)


def test_the_page_is_the_back_offices_of_the_post(client, passed, office, secretary, other_secretary, candidate):
    url = reverse("appointment:formalities", args=[passed.pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(candidate)
    assert client.get(url).status_code == 403
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    for user in (secretary, office):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert 'data-testid="talk"' in page and 'data-testid="document"' in page


def test_the_secretary_records_the_talk_and_the_document_and_the_term_starts(client, passed, secretary):
    client.force_login(secretary)
    today = timezone.localdate().isoformat()
    post_page = client.get(reverse("competition:post_detail", args=[passed.post_id])).content.decode()
    assert reverse("appointment:formalities", args=[passed.pk]) in post_page
    response = client.post(
        reverse("appointment:formalities_document", args=[passed.pk]),
        {"document_date": today, "effective_on": today}, follow=True,
    )  # fmt: skip
    assert "Record the pre-appointment talk first." in response.content.decode()
    assert not Term.objects.exists()
    client.post(
        reverse("appointment:formalities_talk", args=[passed.pk]),
        {"talked_by": "张部长", "talk_on": today, "talk_points": "要求"},
    )
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("appointment:formalities_document", args=[passed.pk]),
        {"document_date": today, "effective_on": tomorrow}, follow=True,
    )  # fmt: skip
    assert "the term cannot start in the future" in response.content.decode()
    response = client.post(
        reverse("appointment:formalities_document", args=[passed.pk]),
        {"document_date": today, "effective_on": today}, follow=True,
    )  # fmt: skip
    term = Term.objects.get(post=passed.post)
    assert term.start == timezone.localdate()
    assert 'data-testid="term-started"' in response.content.decode()
    number = f"{passed.post.unit.name}〔{timezone.localdate().year}〕1号"
    assert number in response.content.decode()  # numbered by the body, not typed
    assert reverse("appointment:appointment_notice", args=[passed.pk]) in response.content.decode()


def test_the_appointment_notice_is_for_the_posts_unit_and_the_office_once_issued(
    client, passed, secretary, office, other_secretary, candidate
):
    url = reverse("appointment:appointment_notice", args=[passed.pk])
    docx = reverse("documents:appointment_notice", args=[passed.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(secretary)
    assert client.get(url).status_code == 404 and client.get(docx).status_code == 404  # not issued yet
    from tests.competition.stages import complete_formalities

    complete_formalities(passed, secretary)
    assert client.get(url).status_code == 200 and client.get(docx).status_code == 200
    client.force_login(candidate)
    assert client.get(url).status_code == 403 and client.get(docx).status_code == 403
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404 and client.get(docx).status_code == 404
    client.force_login(office)
    assert client.get(url).status_code == 200
