"""Validation that matches reality (issue 15, point 6): impossible dates are form errors, overlong ids are 404s."""

import datetime

import pytest
from django.urls import reverse

from competition.decision.forms import DecisionForm
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
            "current_unit": unit.pk, "current_position": "科员", "rank": "staff", "education": "bachelor",
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
    assert DecisionForm({"meeting_date": "2004-12-28"}, campaign_start=datetime.date(2004, 11, 1)).is_valid()


def test_a_sign_up_username_is_nfkc_normalised(client):
    client.post(reverse("registration:sign_up"), {
        "username": "ｚｈａｎｇ", "full_name": "张", "email": "zh@example.org",
        "password1": "a long passphrase 42", "password2": "a long passphrase 42",
    })
    from accounts.models import User

    assert User.objects.filter(username="zhang").exists()
