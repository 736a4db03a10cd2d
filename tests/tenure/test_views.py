"""Every tenure URL × persona: anonymous → wrong role → wrong object → right one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tenure import reappointment as r
from tenure.models import Certificate, Term, TermGoal
from tenure.services import certificate_issue, term_assessment_record
from tests.tenure.conftest import TermFactory


@pytest.fixture
def objects(unit, term, campaign, office):
    certificate = certificate_issue(term_id=term.pk, by=office, issued_on=datetime.date(2024, 2, 1))
    reappointment = r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=office)
    goal = TermGoal.objects.create(term=term, goal="综治平安建设")
    return {
        "unit": unit.pk,
        "term": term.pk,
        "person": term.person_id,
        "certificate": certificate.pk,
        "reappointment": reappointment.pk,
        "goal": goal.pk,
    }


# (url name, kwargs from objects, whether a unit secretary may see it)
UNIT_SCOPED_PAGES = [
    ("tenure:roster", {"unit_id": "unit"}),
    ("tenure:certificate_batch", {"unit_id": "unit"}),
    ("tenure:person", {"person_id": "person"}),
    ("tenure:term_detail", {"term_id": "term"}),
    ("tenure:certificate", {"certificate_id": "certificate"}),
    ("tenure:certificate_docx", {"certificate_id": "certificate"}),
    ("tenure:reappointment_detail", {"reappointment_id": "reappointment"}),
]


def _url(name, kwargs, objects):
    return reverse(name, kwargs={k: objects[v] for k, v in kwargs.items()})


@pytest.mark.parametrize("name, kwargs", UNIT_SCOPED_PAGES)
def test_unit_scoped_pages_by_persona(client, objects, name, kwargs, outsider, candidate, other_secretary, secretary, office):
    url = _url(name, kwargs, objects)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user, expected in [(outsider, 403), (candidate, 403), (other_secretary, 404), (secretary, 200), (office, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == expected, (user, url)


@pytest.mark.parametrize("name", ["tenure:flags", "tenure:reappointments"])
def test_lists_need_the_back_office_and_show_only_the_own_unit(
    client, objects, name, outsider, candidate, secretary, other_secretary, office, other_term
):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for user in (outsider, candidate):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(other_secretary)
    assert client.get(url).status_code == 200


def test_the_reappointment_list_shows_a_secretary_only_their_units(client, objects, secretary, other_secretary):
    client.force_login(other_secretary)
    assert "综治办主任" not in client.get(reverse("tenure:reappointments")).content.decode()
    client.force_login(secretary)
    assert Term.objects.get(pk=objects["term"]).position.title in client.get(reverse("tenure:reappointments")).content.decode()


def test_the_flags_report_lists_only_the_secretarys_unit(client, unit, other_unit, secretary):
    from tests.factories import PersonFactory

    old = datetime.date(1960, 1, 1)
    mine = TermFactory(unit=unit, person=PersonFactory(name="甲", birth_date=old))
    theirs = TermFactory(unit=other_unit, person=PersonFactory(name="乙", birth_date=old))
    client.force_login(secretary)
    page = client.get(reverse("tenure:flags")).content.decode()
    assert reverse("tenure:term_detail", args=[mine.pk]) in page
    assert reverse("tenure:term_detail", args=[theirs.pk]) not in page


def test_the_overview_is_for_the_office(client, unit, term, outsider, candidate, secretary, office):
    url = reverse("tenure:overview")
    assert client.get(url).status_code == 302
    for user in (outsider, candidate):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(secretary)
    assert client.get(url)["Location"] == reverse("tenure:roster", args=[unit.pk])
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["totals"]["serving"] == 1


def test_the_roster_counts_vacancies_against_the_quota(client, unit, term, secretary):
    TermFactory(unit=unit)
    client.force_login(secretary)
    response = client.get(reverse("tenure:roster", args=[unit.pk]))
    assert (response.context["chiefs"], response.context["vacancies"]) == (2, unit.leadership_quota - 2)


def test_issuing_a_certificate_by_persona(client, unit, term, outsider, other_secretary, secretary):
    url = reverse("tenure:term_action", args=[term.pk, "certificate"])
    assert client.post(url).status_code == 302 and not Certificate.objects.exists()
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    client.force_login(other_secretary)
    assert client.post(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Certificate.objects.get().term == term


def test_terminating_by_persona_and_with_bad_input(client, term, other_secretary, secretary):
    url = reverse("tenure:term_action", args=[term.pk, "terminate"])
    data = {"reason": "illness", "on": "2025-06-01", "note": ""}
    client.force_login(other_secretary)
    assert client.post(url, data).status_code == 404
    client.force_login(secretary)
    response = client.post(url, {"reason": "illness", "on": "not a date"}, follow=True)
    assert response.status_code == 200 and "date" in response.content.decode().lower()
    assert Term.objects.get(pk=term.pk).ended_on is None
    client.post(url, data)
    assert Term.objects.get(pk=term.pk).status == Term.Status.TERMINATED


def test_an_unknown_action_is_not_found(client, term, secretary):
    client.force_login(secretary)
    assert client.post(reverse("tenure:term_action", args=[term.pk, "explode"])).status_code == 404


@pytest.mark.parametrize("action, data", [
    ("goal", {"goal": "平安建设", "measures": "案件下降10%"}),
    ("review", {"year": "2024", "rating": "competent", "notes": ""}),
    ("assessment", {"rating": "excellent", "assessed_on": "2028-12-01", "notes": ""}),
])
def test_goals_reviews_and_assessments_are_recorded_by_the_units_secretary(client, term, secretary, action, data):
    client.force_login(secretary)
    response = client.post(reverse("tenure:term_action", args=[term.pk, action]), data, follow=True)
    assert response.status_code == 200
    term.refresh_from_db()
    assert {"goal": term.goals.count, "review": term.annual_reviews.count,
            "assessment": lambda: int(hasattr(term, "assessment"))}[action]() == 1


def test_removing_a_goal(client, objects, other_secretary, secretary):
    url = reverse("tenure:goal_delete", args=[objects["term"], objects["goal"]])
    client.force_login(other_secretary)
    assert client.post(url).status_code == 404
    client.force_login(secretary)
    assert client.post(url).status_code == 302
    assert not TermGoal.objects.exists()


def test_a_goal_is_removed_only_through_its_own_term(client, objects, unit, secretary):
    another_term_of_the_unit = TermFactory(unit=unit)
    url = reverse("tenure:goal_delete", args=[another_term_of_the_unit.pk, objects["goal"]])
    client.force_login(secretary)
    assert client.post(url).status_code == 404
    assert TermGoal.objects.exists()


def test_reappointment_steps_by_persona(client, objects, other_secretary, secretary):
    url = reverse("tenure:reappointment_action", args=[objects["reappointment"], "results"])
    data = {"evaluation_result": "competent", "performance_result": "competent"}
    client.force_login(other_secretary)
    assert client.post(url, data).status_code == 404
    client.force_login(secretary)
    skip = reverse("tenure:reappointment_action", args=[objects["reappointment"], "certify"])
    response = client.post(skip, follow=True)
    assert "not possible" in response.content.decode()
    client.post(url, data)
    assert r.Reappointment.objects.get().status == "evaluated"


def test_a_secretary_starts_a_reappointment_for_their_own_unit_only(client, campaign, term, other_term, secretary):
    client.force_login(secretary)
    url = reverse("tenure:reappointments")
    response = client.post(url, {"campaign": campaign.pk, "term": other_term.pk})
    assert response.status_code == 200 and not r.Reappointment.objects.exists()
    response = client.post(url, {"campaign": campaign.pk, "term": term.pk})
    assert response.status_code == 302
    assert r.Reappointment.objects.get().previous_term == term


def test_the_term_change_page_is_for_the_office(client, unit, term, secretary, office):
    url = reverse("tenure:term_change")
    client.force_login(secretary)
    assert client.get(url).status_code == 403
    client.force_login(office)
    assert client.get(url).status_code == 200
    opens = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "name": "2029年统一竞岗",
        "expiring_by": "2028-12-31",
        "registration_opens": opens.strftime("%Y-%m-%dT%H:%M"),
        "registration_closes": (opens + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "unified_term_end": "2033-12-31",
        "reappointment_deadline": "2029-01-10",
    }
    preview = client.post(url, {**data, "preview": ""})
    assert list(preview.context["preview"]) == [term.position]
    created = client.post(url, {**data, "confirm": ""})
    assert created.status_code == 302
    assert "/office/campaigns/" in created["Location"]


def test_the_person_page_shows_the_last_term_assessment(client, term, office):
    term_assessment_record(term_id=term.pk, rating="excellent", assessed_on=datetime.date(2028, 12, 1), by=office)
    client.force_login(office)
    page = client.get(reverse("tenure:person", args=[term.person_id])).content.decode()
    assert 'data-testid="term-assessment"' in page and "Excellent" in page


def test_certificates_print_on_a4_or_a5(client, objects, secretary):
    client.force_login(secretary)
    a4 = client.get(reverse("tenure:certificate_batch", args=[objects["unit"]]) + "?year=2024").content.decode()
    a5 = client.get(reverse("tenure:certificate_batch", args=[objects["unit"]]) + "?year=2024&size=a5").content.decode()
    assert "certificate-a4.css" in a4 and a4.count('data-testid="certificate"') == 1
    assert "certificate-a5.css" in a5
    assert "罗店镇聘〔2024〕1号" in a4


def test_the_office_sees_late_units_on_the_reappointment_list(client, campaign, term, office, unit):
    campaign.reappointment_deadline = datetime.date(2020, 1, 10)
    campaign.save()
    r.reappointment_start(campaign_id=campaign.pk, term_id=term.pk, by=office)
    client.force_login(office)
    response = client.get(reverse("tenure:reappointments"))
    assert [u.name for u in response.context["late_units"]] == [unit.name]


def test_the_reappointment_page_shows_its_history(client, objects, secretary):
    client.force_login(secretary)
    url = reverse("tenure:reappointment_action", args=[objects["reappointment"], "results"])
    page = client.post(url, {"evaluation_result": "competent", "performance_result": "excellent"}, follow=True)
    content = page.content.decode()
    assert "started → evaluated" in content and secretary.display_name in content


def test_the_office_chooses_the_unit_before_the_terms_it_reappoints(client, campaign, term, other_term, office):
    """Not every term of the district in one list (thousands at province scale): the unit first, then its terms."""
    client.force_login(office)
    url = reverse("tenure:reappointments")
    page = client.get(url).content.decode()
    assert 'data-testid="reappointment-unit"' in page and 'name="term"' not in page
    page = client.get(url, {"unit": term.unit_id}).content.decode()
    assert f'value="{term.pk}"' in page and f'value="{other_term.pk}"' not in page
    response = client.post(url, {"campaign": campaign.pk, "term": other_term.pk})
    assert response.status_code == 302 and r.Reappointment.objects.get().previous_term == other_term


def test_the_special_moves_positions_are_one_units_the_terms_by_default(client, term, other_term, office):
    client.force_login(office)
    url = reverse("tenure:term_detail", args=[term.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="move-unit"' in page
    assert f'<option value="{other_term.position_id}"' not in page  # another unit's position: not offered yet
    page = client.get(url, {"unit": other_term.unit_id}).content.decode()
    assert f'<option value="{other_term.position_id}"' in page
