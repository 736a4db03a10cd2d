"""Campaigns and rounds are set up through services: the office only, validated, and a campaign's scoring rules
stay fixed once any of its candidates has an interview score."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from competition.models import Campaign, Examiner, InterviewSession, Post, Round, Score
from competition.release import services as release
from tests.competition.test_forms import CAMPAIGN as RULES
from tests.factories import ApplicationFactory, post_in_state

pytestmark = pytest.mark.django_db



def form_of(campaign, **changes):
    return {**RULES, "name": campaign.name, "description": campaign.description, **changes}


@pytest.fixture
def scored(campaign):
    """A candidate of the campaign with one examiner's interview score."""
    application = ApplicationFactory(post=post_in_state(Post.Status.INTERVIEW, campaign=campaign))
    session = InterviewSession.objects.create(campaign=campaign, name="第一场")
    Score.objects.create(session=session, examiner=Examiner.objects.create(name="孙考官"), application=application, value=85)
    return application


def test_the_office_creates_a_campaign_then_its_first_round(client, office):
    client.force_login(office)
    response = client.post(reverse("competition:campaign_create"), {**RULES, "name": "2005年统一竞岗"})
    campaign = Campaign.objects.get(name="2005年统一竞岗")
    assert response.status_code == 302 and response["Location"] == reverse("competition:round_create", args=[campaign.pk])
    window = {"registration_opens": "2026-12-01T09:00", "registration_closes": "2026-12-10T17:00"}
    response = client.post(reverse("competition:round_create", args=[campaign.pk]), {"number": 1, **window})
    assert response.status_code == 302 and campaign.rounds.get().number == 1


def test_a_round_number_used_already_is_refused_on_the_form(client, office, campaign):
    client.force_login(office)
    window = {"registration_opens": "2026-12-01T09:00", "registration_closes": "2026-12-10T17:00"}
    client.post(reverse("competition:round_create", args=[campaign.pk]), {"number": 1, **window})
    response = client.post(reverse("competition:round_create", args=[campaign.pk]), {"number": 1, **window})
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert Round.objects.filter(campaign=campaign).count() == 1


def test_only_the_office_sets_up_campaigns(secretary, campaign):
    with pytest.raises(PermissionDenied):
        release.campaign_create(by=secretary, name="内部", kind="unified")
    with pytest.raises(PermissionDenied):
        release.campaign_update(campaign_id=campaign.pk, by=secretary, description="改")
    with pytest.raises(PermissionDenied):
        release.round_create(campaign_id=campaign.pk, by=secretary, number=1)


def test_before_any_score_the_scoring_rules_may_change(client, office, campaign):
    client.force_login(office)
    data = form_of(campaign, examiners_per_session=9, trim_each_end=2)
    response = client.post(reverse("competition:campaign_edit", args=[campaign.pk]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.examiners_per_session, campaign.trim_each_end) == (9, 2)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"examiners_per_session": 7, "trim_each_end": 2}, "trim_each_end"),  # 4 of 7 dropped
        ({"examiners_per_session": 5, "trim_each_end": 2}, "trim_each_end"),
        ({"evaluation_turnout_numerator": 0}, "evaluation_turnout_numerator"),
        ({"evaluation_pass_numerator": 0}, "evaluation_pass_numerator"),
    ],
)
def test_campaign_rules_that_make_no_sense_are_refused_with_the_field_named(client, office, campaign, changes, field):
    client.force_login(office)
    before = Campaign.objects.values().get(pk=campaign.pk)
    response = client.post(reverse("competition:campaign_edit", args=[campaign.pk]), form_of(campaign, **changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Campaign.objects.values().get(pk=campaign.pk) == before


def test_the_database_refuses_rules_that_make_no_sense_too(campaign):
    from django.db import IntegrityError, transaction

    for changes in ({"examiners_per_session": 5, "trim_each_end": 2}, {"evaluation_pass_numerator": 0}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Campaign.objects.filter(pk=campaign.pk).update(**changes)


def test_after_a_score_the_description_still_changes(client, office, campaign, scored):
    client.force_login(office)
    response = client.post(
        reverse("competition:campaign_edit", args=[campaign.pk]), form_of(campaign, description="第二轮延期一周")
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.description == "第二轮延期一周"


def test_after_a_score_a_change_of_the_scoring_rules_is_refused_and_nothing_is_saved(client, office, campaign, scored):
    client.force_login(office)
    data = form_of(campaign, description="改了说明", trim_each_end=0, written_exam_weight=30, interview_weight=70)
    response = client.post(reverse("competition:campaign_edit", args=[campaign.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "scoring rules" in page and "scores dropped at each end" in page and "written exam weight" in page
    campaign.refresh_from_db()
    assert (campaign.trim_each_end, campaign.written_exam_weight, campaign.description) == (1, 0, "")


def test_the_service_names_the_scoring_rules_it_refuses_to_change(office, campaign, scored):
    with pytest.raises(release.CampaignError, match="examiners per interview session"):
        release.campaign_update(campaign_id=campaign.pk, by=office, examiners_per_session=7)
    release.campaign_update(campaign_id=campaign.pk, by=office, examiners_per_session=5, publicity_working_days=7)
    campaign.refresh_from_db()
    assert campaign.publicity_working_days == 7


def test_the_substitution_limit_is_a_campaign_rule_shown_on_its_page(client, office, campaign):
    client.force_login(office)
    response = client.post(reverse("competition:campaign_edit", args=[campaign.pk]), form_of(campaign, max_substitutions=1))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.max_substitutions == 1
    page = client.get(reverse("competition:campaign_detail", args=[campaign.pk])).content.decode()
    assert "up to 1 substitution(s) per post" in page or "每个职位最多递补1次" in page
    response = client.post(reverse("competition:campaign_edit", args=[campaign.pk]), form_of(campaign, max_substitutions=11))
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.max_substitutions == 1
