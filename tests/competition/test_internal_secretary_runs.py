"""An internal competition's secretary runs its interview sessions and its registration control like the office
runs a district campaign's (issue 16.4); another unit's secretary neither sees nor runs them, and he runs none of
the district campaigns'."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from competition.interviews import scoring
from competition.interviews import services as interviews
from competition.models import Campaign, InterviewEvent, LateRegistration, Post, RoundEvent
from competition.registration import control
from notifications.models import Notification
from tests.competition.interviews.conftest import make_examiner, score_all
from tests.competition.test_internal_competition import staff_of
from tests.factories import ApplicationFactory, CampaignFactory, post_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(unit):
    return CampaignFactory(name="罗店镇内部竞岗", kind=Campaign.Kind.INTERNAL, unit=unit)


@pytest.fixture
def internal_post(internal, unit):
    return post_in_state(Post.Status.INTERVIEW, unit=unit, campaign=internal)


@pytest.fixture
def panel(db):
    return [make_examiner(f"k{i}") for i in range(1, 6)]


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def test_the_secretary_runs_his_internal_competitions_interview_to_its_published_result(
    secretary, internal, internal_post, panel
):
    session = interviews.session_create(campaign=internal, name="内部面试", posts=[internal_post], by=secretary)
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in panel], by=secretary)
    interviews.session_draw(session_id=session.pk, by=secretary)
    interviews.session_start(session_id=session.pk, by=secretary)
    score_all(session, [[88, 80, 72]] * 5)
    scoring.session_close(session_id=session.pk, by=secretary)
    scoring.session_publish(session_id=session.pk, by=secretary)

    internal_post.refresh_from_db()
    assert internal_post.status == Post.Status.EVALUATION
    assert StateLog.objects.for_(internal_post).latest().by == secretary
    assert set(InterviewEvent.objects.filter(session=session).values_list("by", flat=True)) == {secretary.pk}


def test_another_units_secretary_neither_sees_nor_runs_the_session(
    client, secretary, other_secretary, internal, internal_post, panel
):
    session = interviews.session_create(campaign=internal, name="内部面试", posts=[internal_post], by=secretary)
    with pytest.raises(PermissionDenied):
        interviews.session_set_examiners(session_id=session.pk, examiner_ids=[panel[0].pk], by=other_secretary)
    with pytest.raises(PermissionDenied):
        interviews.session_draw(session_id=session.pk, by=other_secretary)
    with pytest.raises(PermissionDenied):
        interviews.session_create(campaign=internal, name="冒名", posts=[internal_post], by=other_secretary)
    session.refresh_from_db()
    assert not session.examiners.exists() and not session.draw_seed

    client.force_login(other_secretary)
    assert client.get(reverse("interviews:session_detail", args=[session.pk])).status_code == 404
    assert "内部面试" not in client.get(reverse("interviews:session_list")).content.decode()
    chooser = client.get(reverse("interviews:session_create")).content.decode()
    assert internal.name not in chooser

    client.force_login(secretary)
    listed = client.get(reverse("interviews:session_list")).content.decode()
    assert reverse("interviews:session_detail", args=[session.pk]) in listed
    page = client.get(reverse("interviews:session_detail", args=[session.pk])).content.decode()
    assert reverse("interviews:session_examiners", args=[session.pk]) in page


def test_the_secretary_runs_no_district_campaigns_interview(client, secretary, unit, campaign, panel):
    district_post = post_in_state(Post.Status.INTERVIEW, unit=unit, campaign=campaign)
    with pytest.raises(PermissionDenied):
        interviews.session_create(campaign=campaign, name="越权", posts=[district_post], by=secretary)
    client.force_login(secretary)
    response = client.get(reverse("interviews:session_create"), {"campaign": campaign.pk})
    assert response.context["form"] is None  # the district campaign is not his to choose
    assert campaign.name not in response.content.decode()
    # His own unit's post page shows no way into the district campaign's sessions.
    page = client.get(reverse("competition:post_detail", args=[district_post.pk])).content.decode()
    assert 'data-testid="new-session"' not in page


def test_the_post_page_leads_the_secretary_to_a_new_session_of_his_campaign(client, secretary, internal, internal_post):
    client.force_login(secretary)
    page = client.get(reverse("competition:post_detail", args=[internal_post.pk])).content.decode()
    assert 'data-testid="new-session"' in page
    response = client.get(reverse("interviews:session_create"), {"campaign": internal.pk})
    assert str(internal_post) in response.content.decode()
    response = client.post(
        reverse("interviews:session_create") + f"?campaign={internal.pk}",
        {"campaign": internal.pk, "name": "内部面试", "posts": [internal_post.pk]},
    )
    session = internal.interview_sessions.get()
    assert response.status_code == 302 and response["Location"] == reverse("interviews:session_detail", args=[session.pk])
    assert session.slots.count() == internal_post.qualified_applications().count()


# --- Registration control ---


@pytest.fixture
def internal_registering(internal, unit):
    return post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=internal, max_age=None)


def test_the_secretary_pauses_resumes_and_extends_his_rounds_registration(
    client, secretary, unit, internal_registering
):
    round_id = internal_registering.round_id
    staff = staff_of(unit, "own_staff")
    ApplicationFactory(post=internal_registering, round=internal_registering.round, person=staff.person)
    control.round_pause(round_id=round_id, by=secretary, reason="职位条件更正中")
    control.round_resume(round_id=round_id, by=secretary)
    new_closes = later(days=9)
    control.round_extend(round_id=round_id, by=secretary, new_closes=new_closes, reason="节假日顺延")
    kinds = list(RoundEvent.objects.filter(round_id=round_id).order_by("pk").values_list("kind", "by"))
    assert kinds == [(RoundEvent.Kind.PAUSED, secretary.pk), (RoundEvent.Kind.RESUMED, secretary.pk),
                     (RoundEvent.Kind.EXTENDED, secretary.pk)]
    told = Notification.objects.get(recipient=staff, kind="registration_extended")
    assert "competition office" not in str(told.body) and "竞岗办" not in str(told.body)

    # The round page's forms are his to use: they post and come back with the message.
    client.force_login(secretary)
    page = client.get(reverse("competition:round_edit", args=[round_id])).content.decode()
    assert reverse("registration:round_pause", args=[round_id]) in page
    response = client.post(reverse("registration:round_pause", args=[round_id]), {"pause-reason": "复核职位条件"})
    assert response.status_code == 302
    assert RoundEvent.objects.filter(round_id=round_id, kind=RoundEvent.Kind.PAUSED).count() == 2


def test_another_secretary_controls_neither_the_internal_round_nor_a_district_one(
    client, secretary, other_secretary, internal_registering, unit, campaign
):
    with pytest.raises(PermissionDenied):
        control.round_pause(round_id=internal_registering.round_id, by=other_secretary, reason="x")
    district = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=campaign, max_age=None)
    with pytest.raises(PermissionDenied):
        control.round_pause(round_id=district.round_id, by=secretary, reason="x")
    client.force_login(other_secretary)
    response = client.post(reverse("registration:round_pause", args=[internal_registering.round_id]), {"pause-reason": "x"})
    assert response.status_code == 404
    assert not RoundEvent.objects.exists()


def test_the_secretarys_late_permit_finds_only_his_units_staff(client, secretary, unit, other_unit, internal_registering):
    own = staff_of(unit, "own_late")
    stranger = staff_of(other_unit, "stranger_late")
    url = reverse("registration:late_registration_grant", args=[internal_registering.round_id])
    data = {"late-post": internal_registering.pk, "late-reason": "出差未及报名",
            "late-valid_until": timezone.localtime(later(days=1)).strftime("%Y-%m-%dT%H:%M")}
    client.force_login(secretary)
    response = client.post(url, {**data, "late-id_number": stranger.person.id_number}, follow=True)
    assert "No profile has this ID number." in response.content.decode()
    assert not LateRegistration.objects.exists()
    client.post(url, {**data, "late-id_number": own.person.id_number})
    permit = LateRegistration.objects.get()
    assert (permit.person, permit.granted_by) == (own.person, secretary)
