"""The written exam's pages: who may see a ticket, who may enter marks, and what a refused entry shows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competition.written import services as written
from tests.competition.written.conftest import enter, filled_sheet, make_session, post_at_written, tickets_by_person
from tests.factories import CampaignFactory, SecretaryFactory


@pytest.fixture
def tickets(issued):
    return tickets_by_person(issued)


def test_anonymous_visitors_are_sent_to_log_in(client, issued, tickets):
    for url in (reverse("written:session_list"), reverse("written:ticket", args=[tickets[0].pk]), reverse("written:my_exams")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_candidate_prints_his_own_ticket_and_cannot_see_anothers(client, tickets):
    mine, other = tickets[0], tickets[1]
    client.force_login(mine.application.person.user)
    page = client.get(reverse("written:ticket", args=[mine.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and mine.number in text and mine.room.name in text
    assert mine.application.person.name in text and "Exam rules" in text and "区委党校" in text
    assert page["Cache-Control"] == "private, no-store"
    assert client.get(reverse("written:ticket", args=[other.pk])).status_code == 404
    assert other.number not in client.get(reverse("written:my_exams")).content.decode()


def test_the_office_sees_every_ticket_and_an_outsider_none(client, office, outsider, tickets):
    client.force_login(office)
    assert client.get(reverse("written:ticket", args=[tickets[1].pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("written:ticket", args=[tickets[1].pk])).status_code == 404
    assert client.get(reverse("written:session_list")).status_code == 403


def test_a_unit_secretary_cannot_enter_marks_of_a_unified_campaign(client, issued, tickets):
    secretary = SecretaryFactory(secretary_of=issued.posts.get().unit)
    client.force_login(secretary)
    assert client.get(reverse("written:session_detail", args=[issued.pk])).status_code == 403
    response = client.post(reverse("written:marks", args=[issued.pk]), {f"mark-{tickets[0].pk}": "90"})
    assert response.status_code == 403
    assert client.get(reverse("written:ticket", args=[tickets[0].pk])).status_code == 404
    tickets[0].refresh_from_db()
    assert tickets[0].mark is None


def test_an_internal_competitions_secretary_enters_its_marks_and_another_units_does_not_see_them(client, office, unit, secretary):
    campaign = CampaignFactory(kind="internal", unit=unit, has_written_exam=True)
    post = post_at_written(campaign, unit=unit, applicants=3)
    session = make_session(post, secretary)
    written.written_session_issue(session_id=session.pk, by=secretary)
    first = tickets_by_person(session)[0]
    client.force_login(secretary)
    response = client.post(reverse("written:marks", args=[session.pk]), {f"mark-{first.pk}": "88"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert str(first.mark) == "88.00"
    client.force_login(SecretaryFactory())
    assert client.get(reverse("written:session_detail", args=[session.pk])).status_code == 404


def test_a_wrong_mark_on_the_page_saves_nothing_and_names_the_ticket(client, office, tickets, issued):
    client.force_login(office)
    data = {f"mark-{tickets[0].pk}": "90", f"mark-{tickets[1].pk}": "120", f"absent-{tickets[2].pk}": "on",
            f"mark-{tickets[2].pk}": "70"}  # fmt: skip
    response = client.post(reverse("written:marks", args=[issued.pk]), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert tickets[1].number in text and "from 0 to 100" in text and "not both" in text
    assert not issued.tickets.filter(mark__isnull=False).exists() and not issued.tickets.filter(absent=True).exists()


def test_the_page_records_an_absence(client, office, tickets, issued):
    client.force_login(office)
    response = client.post(reverse("written:marks", args=[issued.pk]), {f"absent-{tickets[3].pk}": "on"})
    assert response.status_code == 302
    tickets[3].refresh_from_db()
    assert tickets[3].absent and tickets[3].mark is None


def test_a_refused_sheet_lists_its_errors_by_row_and_column(client, office, tickets, issued):
    client.force_login(office)
    sheet = filled_sheet(issued, {t.number: 70 for t in tickets[:4]})  # the fifth mark is missing
    sheet.name = "marks.xlsx"
    response = client.post(reverse("written:marks_import", args=[issued.pk]), {"sheet": sheet})
    text = response.content.decode()
    assert response.status_code == 400 and "The mark is missing" in text and ">F<" in text
    assert not issued.tickets.filter(mark__isnull=False).exists()


def test_the_mark_sheet_downloads_for_the_office_only(client, office, secretary, issued):
    client.force_login(office)
    response = client.get(reverse("written:marks_sheet", args=[issued.pk]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["marks"].max_row == 6
    client.force_login(secretary)
    assert client.get(reverse("written:marks_sheet", args=[issued.pk])).status_code in (403, 404)


def test_the_candidate_sees_his_mark_and_whether_he_goes_on_once_published(client, office, issued, tickets):
    candidate = tickets[4].application.person.user
    client.force_login(candidate)
    assert "written-mark" not in client.get(reverse("written:my_exams")).content.decode()
    enter(issued, office, ["90", "80", "70", "60", "absent"])
    written.written_session_publish(session_id=issued.pk, by=office)
    text = client.get(reverse("written:my_exams")).content.decode()
    assert "absent (缺考)" in text and "You do not go on to the interview." in text
    client.force_login(tickets[0].application.person.user)
    text = client.get(reverse("written:my_exams")).content.decode()
    assert "90.00" in text and "You go on to the interview." in text


def test_the_post_page_shows_the_written_step_and_its_panel(client, office, post, issued):
    enter(issued, office, ["90", "70", "80", "70", "65"])
    client.force_login(office)
    text = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert "Written exam" in text and 'data-testid="written-panel"' in text and 'data-testid="written-tie"' in text


def test_the_campaign_rules_page_shows_the_written_exam(client, office, campaign):
    client.force_login(office)
    text = client.get(reverse("competition:campaign_detail", args=[campaign.pk])).content.decode()
    assert "pass line 60 out of 100, then 1:3 to the places go on" in text


def test_the_office_creates_a_session_from_the_form(client, office, post):
    client.force_login(office)
    url = reverse("written:session_create") + f"?campaign={post.campaign_id}"
    data = {"campaign": post.campaign_id, "name": "第一考点", "posts": [post.pk], "starts_at": "2030-06-01T09:00",
            "ends_at": "2030-06-01T11:00", "venue": "区委党校", "rooms": "第一考场 30\n第二考场 30"}  # fmt: skip
    response = client.post(url, data)
    session = post.written_sessions.get()
    assert response.status_code == 302 and [r.seats for r in session.rooms.all()] == [30, 30]
    assert "1." in session.rules


def test_the_ticket_carries_the_candidates_photo(client, tickets):
    person = tickets[0].application.person
    person.photo = "photos/zhang.jpg"
    person.save(update_fields=["photo"])
    client.force_login(person.user)
    text = client.get(reverse("written:ticket", args=[tickets[0].pk])).content.decode()
    assert f'src="{reverse("registration:photo", args=[person.pk])}"' in text and 'data-testid="ticket-photo"' in text


def test_the_offices_home_lists_the_posts_at_the_written_exam(client, office, post):
    client.force_login(office)
    page = client.get("/").content.decode()
    assert "Written exams to arrange, mark or publish" in page and f'href="/office/posts/{post.pk}/"' in page
