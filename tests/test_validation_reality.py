"""Validation that matches reality (issue 15, point 6): impossible dates are form errors, overlong ids are 404s."""

import datetime

import pytest
from django.urls import reverse

from competition.decision.forms import DecisionForm
from competition.models import Person
from competition.registration.forms import ProfileForm
from competition.registration.idcard import check_character
from tenure.forms import AnnualReviewForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/posts/12345678901234567890/", "/posts/12345678901234567890/apply/", "/posts/²/"])
def test_an_id_beyond_the_database_or_not_ascii_is_a_404_not_a_500(client, candidate, url):
    client.force_login(candidate)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


BORN_1980_12_31 = "11010519801231002" + check_character("11010519801231002")


def profile_errors(unit, **changes):
    data = {"name": "张三", "id_number": BORN_1980_12_31, "phone": "13800000000", "email": "z@example.org",
            "current_unit": unit.pk, "current_position": "科员", "grade": "clerk_1", "education": "bachelor",
            "declaration": "on", **changes}
    form = ProfileForm(data)
    form.is_valid()
    return form.errors


def test_the_profile_refuses_a_rank_since_a_future_date_and_year_one_dates(unit):
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert "rank_since" in profile_errors(unit, rank_since=future)
    assert "rank_since" in profile_errors(unit, rank_since="0001-01-01")
    assert "work_started" in profile_errors(unit, work_started="0001-01-01")
    assert "rank_since" not in profile_errors(unit, rank_since="2010-01-01")


def test_the_profile_refuses_work_started_before_the_age_of_16(unit):
    assert "work_started" in profile_errors(unit, work_started="1996-12-30")  # born 1980-12-31: 15
    assert "work_started" not in profile_errors(unit, work_started="1997-01-01")


def test_an_annual_review_for_a_future_year_is_refused():
    next_year = datetime.date.today().year + 1
    assert "year" in AnnualReviewForm({"year": next_year, "rating": "excellent"}).errors
    assert "year" in AnnualReviewForm({"year": 1, "rating": "excellent"}).errors


def test_a_decision_before_the_campaign_began_is_refused():
    form = DecisionForm({"meeting_date": "2004-10-01"}, campaign_start=datetime.date(2004, 11, 1))
    assert "meeting_date" in form.errors
    # A date after the start is accepted (the meeting's other fields are another test's: the chair needs a roster).
    assert "meeting_date" not in DecisionForm({"meeting_date": "2004-12-28"}, campaign_start=datetime.date(2004, 11, 1)).errors


def test_a_sign_up_username_is_nfkc_normalised(client):
    client.post(reverse("registration:sign_up"), {
        "username": "ｚｈａｎｇ", "full_name": "张", "email": "zh@example.org",
        "password1": "a long passphrase 42", "password2": "a long passphrase 42",
    })
    from accounts.models import User

    assert User.objects.filter(username="zhang").exists()


# Every date field a user can type refuses year 1 with a message, not a 500 (the rule: core.forms; every form class is
# walked by tests/core/test_date_widgets.py). Here through the pages, in both languages.
@pytest.mark.parametrize("language, message", [("en", "Enter a date between 1900-01-01"), ("zh-hans", "请输入1900年1月1日至")])
def test_year_one_posted_to_the_campaign_round_and_term_pages_is_a_message_not_a_500(client, office, campaign, unit, secretary, language, message):
    from competition.models import Campaign, Round
    from tenure.models import Term
    from tests.tenure.conftest import TermFactory

    term = TermFactory(unit=unit)
    from tests.competition.test_forms import CAMPAIGN as RULES

    client.cookies.load({"django_language": language})
    client.force_login(office)
    response = client.post(reverse("competition:campaign_create"), {**RULES, "name": "年份一", "start_date": "0001-01-01"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Campaign.objects.filter(name="年份一").exists()
    window = {"number": 1, "registration_opens": "0001-01-01T09:00", "registration_closes": "2026-12-10T17:00"}
    response = client.post(reverse("competition:round_create", args=[campaign.pk]), window)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Round.objects.filter(campaign=campaign).exists()
    client.force_login(secretary)
    url = reverse("tenure:term_action", args=[term.pk, "terminate"])
    response = client.post(url, {"reason": "illness", "on": "0001-01-01", "note": ""}, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert Term.objects.get(pk=term.pk).ended_on is None


def test_year_one_on_the_profile_page_and_the_family_row_is_a_message(client, candidate, unit):
    client.force_login(candidate)
    data = {"name": "张三", "id_number": BORN_1980_12_31, "phone": "13800000000", "email": "z@example.org",
            "current_unit": unit.pk, "current_position": "科员", "grade": "clerk_1", "education": "bachelor",
            "declaration": "on", "rank_since": "0001-01-01"}
    response = client.post(reverse("registration:profile"), data)
    assert response.status_code == 200 and "Enter a date between 1900-01-01 and today." in response.content.decode()
    assert Person.objects.get(user=candidate).rank_since == datetime.date(2015, 1, 1)  # unchanged
    for url, row in [("registration:work_history_add", {"start": "0001-01-01", "organisation": "区财政局", "position": "科员"}),
                     ("registration:family_member_add", {"relation": "父亲", "name": "张大", "birth_date": "0001-01-01", "work": ""})]:
        response = client.post(reverse(url), row, follow=True)
        assert "Enter a date between 1900-01-01 and today." in response.content.decode()
