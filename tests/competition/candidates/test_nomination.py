"""How a candidate came (issue 18.2): chosen when applying or set by the office, consistent by a database check,
shown to reviewers on the review panel and counted in the campaign's statistics."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from competition.candidates import services
from competition.candidates.nomination import Nomination, NominationRefused, nomination_clean
from competition.models import Application, NominationSource
from competition.registration import services as registration
from reports.statistics import campaign_statistics
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_an_organisations_nomination_needs_the_organisation_and_keeps_nothing_else():
    with pytest.raises(NominationRefused, match="organisation"):
        nomination_clean("organisation", "  ", 12)
    assert nomination_clean("organisation", " 区委组织部 ", 12) == Nomination("organisation", "区委组织部", None)


def test_colleagues_nomination_needs_at_least_one_signature():
    for signatures in (None, 0, -3):
        with pytest.raises(NominationRefused, match="signed"):
            nomination_clean("colleagues", "", signatures)
    assert nomination_clean("colleagues", "某某", 35) == Nomination("colleagues", "", 35)


def test_a_self_nomination_drops_what_was_typed_for_the_other_sources():
    assert nomination_clean("self", "区委组织部", 35) == Nomination()
    with pytest.raises(NominationRefused):
        nomination_clean("petition")


@pytest.mark.parametrize(
    "source, by, signatures",
    [("organisation", "", None), ("colleagues", "", None), ("colleagues", "", 0), ("self", "区委", None),
     ("self", "", 5), ("organisation", "区委", 5), ("colleagues", "区委", 5)],
)
def test_the_database_refuses_an_inconsistent_nomination(reg_post, source, by, signatures):
    application = ApplicationFactory(post=reg_post)
    Application.objects.filter(pk=application.pk).update(nomination_source="self", nominated_by="", nomination_signatures=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            nomination_source=source, nominated_by=by, nomination_signatures=signatures
        )


def test_the_candidate_chooses_the_nomination_when_applying(client, candidate, person, reg_post):
    client.force_login(candidate)
    response = client.post(
        reverse("registration:apply", args=[reg_post.pk]),
        {"statement": "", "nomination_source": "organisation", "nominated_by": "罗店镇党委", "nomination_signatures": ""},
    )
    assert response.status_code == 302
    application = Application.objects.get(post=reg_post, person=person)
    assert (application.nomination_source, application.nominated_by, application.nomination_signatures) == (
        "organisation", "罗店镇党委", None,
    )


def test_applying_with_colleagues_nomination_and_no_signatures_is_refused_with_the_reason(client, candidate, person, reg_post):
    client.force_login(candidate)
    response = client.post(
        reverse("registration:apply", args=[reg_post.pk]), {"nomination_source": "colleagues"}, follow=True
    )
    assert "signed the nomination" in response.content.decode()
    assert not Application.objects.filter(post=reg_post).exists()


def test_the_candidate_may_change_the_nomination_while_the_application_can_change(client, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert application.nomination_source == NominationSource.SELF
    client.force_login(candidate)
    client.post(
        reverse("registration:application_edit", args=[application.pk]),
        {"statement": "x", "nomination_source": "colleagues", "nomination_signatures": "35"},
    )
    application.refresh_from_db()
    assert (application.nomination_source, application.nomination_signatures) == ("colleagues", 35)
    page = client.get(reverse("registration:application_edit", args=[application.pk])).content.decode()
    assert "35" in page and 'data-testid="nomination"' in page


def test_the_office_sets_the_nomination_and_a_candidate_may_not(office, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(PermissionDenied):
        services.nomination_set(application_id=application.pk, nomination=Nomination("organisation", "区委", None), by=candidate)
    services.nomination_set(application_id=application.pk, nomination=Nomination("organisation", "区委组织部", None), by=office)
    application.refresh_from_db()
    assert application.nomination_source == "organisation" and application.nominated_by == "区委组织部"


def test_a_withdrawn_application_keeps_its_nomination(office, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_withdraw(application_id=application.pk, by=candidate, reason="家庭原因")
    with pytest.raises(services.CandidateFileError, match="withdrawn"):
        services.nomination_set(application_id=application.pk, nomination=Nomination("colleagues", "", 20), by=office)


def test_the_nomination_view_anonymous_wrong_role_and_office(client, office, candidate, secretary, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    url = reverse("candidates:nomination_set", args=[application.pk])
    data = {"nomination_source": "colleagues", "nomination_signatures": "40"}
    assert client.post(url, data).status_code == 302 and "login" in client.post(url, data)["Location"]
    for user in (candidate, secretary):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    client.force_login(office)
    assert client.post(reverse("candidates:nomination_set", args=[999999]), data).status_code == 404
    response = client.post(url, {"nomination_source": "organisation", "nominated_by": ""}, follow=True)
    assert "Name the organisation" in response.content.decode()
    application.refresh_from_db()
    assert application.nomination_source == "self"
    client.post(url, data)
    application.refresh_from_db()
    assert application.nomination_signatures == 40


def test_reviewers_see_the_nomination_on_the_review_panel(client, office, candidate, person, reg_post):
    registration.application_submit(
        post_id=reg_post.pk, by=candidate, nomination=Nomination("colleagues", "", 35)
    )
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[reg_post.pk])).content.decode()
    assert "35 signatures" in page


def test_the_statistics_count_registrations_per_source(reg_post):
    ApplicationFactory(post=reg_post)
    ApplicationFactory(post=reg_post, nomination_source="organisation", nominated_by="区委组织部")
    ApplicationFactory(post=reg_post, nomination_source="colleagues", nomination_signatures=30)
    ApplicationFactory(post=reg_post, nomination_source="colleagues", nomination_signatures=12)
    stats = campaign_statistics(reg_post.campaign)
    assert stats["nominations"] == {"self": stats["registrations"] - 3, "organisation": 1, "colleagues": 2}
    output = io.StringIO()
    call_command("campaign_report", reg_post.campaign.pk, stdout=output)
    assert json.loads(output.getvalue())["nominations"]["colleagues"] == 2
