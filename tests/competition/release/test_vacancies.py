"""The vacancy check at release (issue 16, point 7): no more posts at a level than the unit's approved number minus
those serving and those already offered; the office may override with a reason (logged); the tenure overview
shows a unit over its number."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from competition import vacancies, workflow
from competition.models import Level, Post
from tests.factories import PostFactory, post_in_state
from tests.tenure.conftest import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_unit(unit):
    unit.leadership_quota = 3
    unit.save()
    return unit


def draft(unit, **fields):
    return PostFactory(unit=unit, level=fields.pop("level", Level.SECTION), **fields)


def test_a_unit_offers_up_to_its_number_minus_serving_and_offered(small_unit, secretary, office):
    TermFactory(unit=small_unit)  # one serving
    post_in_state(Post.Status.ANNOUNCED, unit=small_unit)  # one offered
    second = draft(small_unit)
    workflow.post_submit(post_id=second.pk, by=secretary)  # 3 - 1 - 1 = 1 vacancy: fine
    third = draft(small_unit)
    with pytest.raises(vacancies.VacancyError, match="3 approved .* 1 serving and 2 already offered: 0 vacancies"):
        workflow.post_submit(post_id=third.pk, by=secretary)
    third.refresh_from_db()
    assert third.status == Post.Status.DRAFT


def test_a_post_with_more_places_than_vacancies_is_refused(small_unit, secretary):
    TermFactory(unit=small_unit)
    post = draft(small_unit, places=3)
    with pytest.raises(vacancies.VacancyError, match="2 vacancies for this post's 3 place"):
        workflow.post_submit(post_id=post.pk, by=secretary)
    Post.objects.filter(pk=post.pk).update(places=2)
    assert workflow.post_submit(post_id=post.pk, by=secretary).status == Post.Status.RELEASED


def test_drafts_returned_and_ended_posts_are_not_offered(small_unit, secretary):
    draft(small_unit)
    returned = post_in_state(Post.Status.RELEASED, unit=small_unit)
    workflow.post_return(post_id=returned.pk, by=None, reason="请修改任职条件")
    ended = post_in_state(Post.Status.RELEASED, unit=small_unit)
    Post.objects.filter(pk=ended.pk).update(status=Post.Status.CANCELLED)
    assert vacancies.vacancy_of(small_unit, Level.SECTION) == vacancies.Vacancy(approved=3, serving=0, offered=0)


def test_the_office_is_checked_again_when_it_accepts(small_unit, secretary, office):
    released = post_in_state(Post.Status.RELEASED, unit=small_unit)
    for _ in range(3):
        TermFactory(unit=small_unit)  # the unit filled its posts meanwhile
    with pytest.raises(vacancies.VacancyError):
        workflow.post_accept(post_id=released.pk, by=office)


def test_the_office_overrides_with_a_reason_which_is_logged(small_unit, secretary, office):
    for _ in range(3):
        TermFactory(unit=small_unit)
    post = draft(small_unit)
    with pytest.raises(vacancies.VacancyError):
        workflow.post_submit(post_id=post.pk, by=secretary)
    with pytest.raises(PermissionDenied):
        vacancies.post_vacancy_override(post_id=post.pk, by=secretary, reason="机构改革过渡期")
    with pytest.raises(vacancies.VacancyError, match="Say why"):
        vacancies.post_vacancy_override(post_id=post.pk, by=office, reason=" ")
    vacancies.post_vacancy_override(post_id=post.pk, by=office, reason="机构改革过渡期")
    post.refresh_from_db()
    assert (post.vacancy_override_reason, post.vacancy_override_by) == ("机构改革过渡期", office)
    assert post.vacancy_override_at is not None
    audit = AuditEvent.objects.get(kind=AuditEvent.Kind.VACANCY_OVERRIDE)
    assert audit.actor == office and audit.detail["reason"] == "机构改革过渡期"
    assert (audit.detail["approved"], audit.detail["serving"]) == (3, 3)
    workflow.post_submit(post_id=post.pk, by=secretary)
    assert workflow.post_accept(post_id=post.pk, by=office).status == Post.Status.ACCEPTED


def test_no_override_once_accepted(small_unit, office):
    accepted = post_in_state(Post.Status.ACCEPTED, unit=small_unit)
    with pytest.raises(vacancies.VacancyError, match="before the office accepts"):
        vacancies.post_vacancy_override(post_id=accepted.pk, by=office, reason="x")


def test_each_level_has_its_own_number_and_an_unset_one_is_not_checked(small_unit, secretary):
    for _ in range(3):
        TermFactory(unit=small_unit)  # section level full
    deputy = draft(small_unit, level=Level.DEPUTY_SECTION)
    workflow.post_submit(post_id=deputy.pk, by=secretary)  # no deputy number set: not checked
    small_unit.deputy_leadership_quota = 1
    small_unit.save()
    another = draft(small_unit, level=Level.DEPUTY_SECTION)
    with pytest.raises(vacancies.VacancyError, match="1 approved"):
        workflow.post_submit(post_id=another.pk, by=secretary)


def test_the_override_view_is_the_offices(client, small_unit, secretary, office, outsider):
    post = draft(small_unit)
    url = reverse("competition:post_vacancy_override", args=[post.pk])
    assert "/login" in client.post(url, {"reason": "x"})["Location"]
    for user in (outsider, secretary):
        client.force_login(user)
        assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(office)
    assert client.post(reverse("competition:post_vacancy_override", args=[999999]), {"reason": "x"}).status_code == 404
    client.post(url, {"reason": ""})
    post.refresh_from_db()
    assert post.vacancy_override_at is None
    client.post(url, {"reason": "试点职位"})
    post.refresh_from_db()
    assert post.vacancy_override_reason == "试点职位"


def test_the_post_page_shows_the_refusal_and_the_override_form(client, small_unit, secretary, office):
    for _ in range(3):
        TermFactory(unit=small_unit)
    post = draft(small_unit)
    client.force_login(secretary)
    response = client.post(reverse("competition:post_action", args=[post.pk]), {"action": "submit"}, follow=True)
    assert "0 vacancies" in response.content.decode() or "空缺0" in response.content.decode()
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert reverse("competition:post_vacancy_override", args=[post.pk]) in page


def test_the_overview_shows_a_unit_over_its_number(client, unit, office):
    unit.leadership_quota = 5
    unit.save()
    for _ in range(6):
        TermFactory(unit=unit)
    client.force_login(office)
    response = client.get(reverse("tenure:overview"))
    (row,) = [r for r in response.context["rows"] if r["unit"] == unit]
    assert (row["vacancies"], row["over"]) == (0, 1)
    assert response.context["totals"]["over"] >= 1
    page = response.content.decode()
    assert "超职数 1" in page or "Over by 1" in page


def test_the_overview_counts_offered_posts_against_the_vacancies(client, unit, office):
    unit.leadership_quota = 5
    unit.save()
    TermFactory(unit=unit)
    post_in_state(Post.Status.REGISTRATION, unit=unit, places=2)
    client.force_login(office)
    (row,) = [r for r in client.get(reverse("tenure:overview")).context["rows"] if r["unit"] == unit]
    assert (row["offered"], row["vacancies"], row["over"]) == (2, 2, 0)
