"""The particulars an application was judged on are fixed at submission; the office sees later profile changes
(issue 14, point 7)."""

import pytest
from django.urls import reverse

from competition.registration import services as registration
from tests.competition.registration.conftest import signed

pytestmark = pytest.mark.django_db


def test_the_office_sees_which_particulars_changed_since_the_application_was_submitted(client, office, candidate, reg_post):
    signed(candidate.person)
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert application.profile_changes() == []
    client.force_login(office)
    post_page = reverse("competition:post_detail", args=[reg_post.pk])
    assert 'data-testid="profile-changed"' not in client.get(post_page).content.decode()
    person = candidate.person
    person.current_position = "新职务"
    person.save(update_fields=["current_position"])
    application.refresh_from_db()
    assert len(application.profile_changes()) == 1
    page = client.get(post_page).content.decode()
    assert 'data-testid="profile-changed"' in page
    # The application still holds what it was judged on.
    assert application.applicant_position != "新职务"
