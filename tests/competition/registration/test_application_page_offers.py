"""The candidate's application page offers saving and withdrawing only while the server would accept them
(issue 22, defect 6)."""

import pytest

from competition.registration import services as registration
from tests.competition.registration.conftest import close_window

pytestmark = pytest.mark.django_db


def test_while_registration_is_open_the_page_offers_save_and_withdraw(client, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    client.force_login(candidate)
    page = client.get(f"/candidate/applications/{application.pk}/").content.decode()
    assert f"/candidate/applications/{application.pk}/withdraw/" in page and 'name="statement"' in page


def test_after_registration_closes_the_page_hides_save_and_withdraw_and_says_why(client, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate, statement="我的陈述")
    close_window(reg_post)
    client.force_login(candidate)
    page = client.get(f"/candidate/applications/{application.pk}/").content.decode()
    assert "/withdraw/" not in page and 'name="statement"' not in page
    assert "can no longer be changed or withdrawn" in page and "我的陈述" in page
    with pytest.raises(registration.RegistrationError):
        registration.application_update(application_id=application.pk, by=candidate, statement="x")
