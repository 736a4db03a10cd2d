"""Every interview URL × persona, then what each page shows (blind scoring, hidden questions, rankings)."""

import io

import pytest
from django.urls import reverse

from competition.interviews import scoring, sheets
from competition.interviews import services as interviews
from competition.models import InterviewSession, Post, Question, Score
from tests.competition.interviews.conftest import score_all

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "candidate", "examiner", "other_examiner", "secretary", "other_secretary", "office"]

# url name -> (needs the session id, needs an examiner id); the office may open all of them.
OFFICE_PAGES = {
    "examiner_list": "none",
    "examiner_detail": "examiner",
    "question_list": "none",
    "session_list": "none",
    "session_create": "none",
    "session_detail": "session",
    "session_sheet": "session",
    "session_import": "session",
}
# Pages beyond the office's, and who else opens them (and with what answer).
# A unit secretary runs his internal competition's sessions (test_internal_sessions.py): he opens the list and the
# new-session page (his own campaigns only) and is answered 404 for a district campaign's session, as if it did not exist.
SECRETARIES = ("secretary", "other_secretary")
SPECIAL = {
    "session_list": {"examiner": 200, "other_examiner": 200, "secretary": 200, "other_secretary": 200},
    "session_create": {"secretary": 200, "other_secretary": 200},
    "examiner_score": {"examiner": 200, "other_examiner": 404, "office": 403},
    "my_results": {"candidate": 200, "office": 403},
}
GET_URLS = [*OFFICE_PAGES, "examiner_score", "my_results"]

# POST endpoints with a valid body for the office (or the examiner, for scoring).
POSTS = {
    "session_action": lambda ctx: {"action": "draw"},
    "session_examiners": lambda ctx: {"examiners": [e.pk for e in ctx["panel"]]},
    "session_questions": lambda ctx: {"questions": []},
    "session_dimensions": lambda ctx: {"dimensions": "综合分析 40\n组织协调 60"},
    "session_recusal": lambda ctx: {"examiner": ctx["panel"][0].pk, "application": ctx["applications"][0].pk, "reason": "同事"},
    "slot_absent": lambda ctx: {"slot": ctx["session"].slots.first().pk, "absent": "on"},
    "slot_written_score": lambda ctx: {"slot": ctx["session"].slots.first().pk, "value": "77"},
    "score_correct": lambda ctx: {"score": 987654, "value": "80", "reason": "x"},  # no such score: 404
    "session_import": lambda ctx: {},
    "examiner_score": lambda ctx: {"application": ctx["applications"][0].pk, "value": "80"},
}
POST_SPECIAL = {"examiner_score": {"examiner": 302, "other_examiner": 404, "office": 403}}


def user_of(request, persona):
    return None if persona == "anonymous" else request.getfixturevalue(persona)


def url_for(name, session, panel):
    kind = OFFICE_PAGES.get(name, "session" if name in POSTS or name == "examiner_score" else "none")
    if kind == "session":
        return reverse(f"interviews:{name}", args=[session.pk])
    if kind == "examiner":
        return reverse(f"interviews:{name}", args=[panel[0].pk])
    return reverse(f"interviews:{name}")


def expected_get(name, persona):
    if persona == "anonymous":
        return 302
    if persona in SPECIAL.get(name, {}):
        return SPECIAL[name][persona]
    if persona in SECRETARIES and OFFICE_PAGES.get(name) == "session":
        return 404
    return 200 if persona == "office" and name in OFFICE_PAGES else 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GET_URLS)
def test_who_may_open_each_page(request, client, session, panel, name, persona):
    request.getfixturevalue("other_examiner")
    user = user_of(request, persona)
    if user:
        client.force_login(user)
    response = client.get(url_for(name, session, panel))
    assert response.status_code == expected_get(name, persona)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POSTS)
def test_who_may_post_to_each_action(request, client, office, session, panel, applications, name, persona):
    request.getfixturevalue("other_examiner")
    if name == "examiner_score":
        interviews.session_draw(session_id=session.pk, by=office)
        interviews.session_start(session_id=session.pk, by=office)
    user = user_of(request, persona)
    if user:
        client.force_login(user)
    body = POSTS[name]({"panel": panel, "applications": applications, "session": session})
    response = client.post(url_for(name, session, panel), body)
    if persona == "anonymous":
        expected = 302
    elif persona in POST_SPECIAL.get(name, {}):
        expected = POST_SPECIAL[name][persona]
    elif persona == "office":
        expected = {"score_correct": 404, "session_import": 400}.get(name, 302)
    elif persona in SECRETARIES and name != "examiner_score":  # the examiner's own page is no runner's
        expected = 404
    else:
        expected = 403
    assert response.status_code == expected
    if expected in (403, 404):
        assert not Score.objects.exists()
        if name == "session_action":
            assert InterviewSession.objects.get(pk=session.pk).draw_seed == ""


def test_the_get_forms_do_not_change_state(client, examiner, started_session, applications):
    client.force_login(examiner)
    client.get(reverse("interviews:examiner_score", args=[started_session.pk]))
    assert not Score.objects.exists()


def test_an_examiner_sees_only_their_own_scores_on_the_page(client, started_session, panel, applications):
    client.force_login(panel[0].user)
    client.post(reverse("interviews:examiner_score", args=[started_session.pk]), {"application": applications[0].pk, "value": "81.25"})
    scoring.score_save(session_id=started_session.pk, application_id=applications[0].pk, value="93.75", by=panel[1].user)
    page = client.get(reverse("interviews:examiner_score", args=[started_session.pk])).content.decode()
    assert "81.25" in page and "93.75" not in page


def test_an_examiner_sees_a_clear_message_for_a_bad_score(client, started_session, examiner, applications):
    client.force_login(examiner)
    response = client.post(
        reverse("interviews:examiner_score", args=[started_session.pk]), {"application": applications[0].pk, "value": "120"}, follow=True
    )
    assert "from 0 to 100" in response.content.decode()
    assert not Score.objects.exists()


def test_the_examiner_page_hides_the_questions_until_the_start(client, office, session, examiner):
    question = Question.objects.create(category="综合", text="QUESTION-TEXT-42")
    interviews.session_pick_questions(session_id=session.pk, question_ids=[question.pk], by=office)
    client.force_login(examiner)
    url = reverse("interviews:examiner_score", args=[session.pk])
    assert "QUESTION-TEXT-42" not in client.get(url).content.decode()
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    assert "QUESTION-TEXT-42" in client.get(url).content.decode()


def test_the_office_runs_a_session_from_its_page(client, office, session, applications, interview_post):
    client.force_login(office)
    action = reverse("interviews:session_action", args=[session.pk])
    client.post(action, {"action": "draw"})
    client.post(action, {"action": "start"})
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.STARTED
    score_all(session, [[80, 81, 82]] * 5)
    client.post(action, {"action": "close"})
    client.post(action, {"action": "publish"})
    session.refresh_from_db()
    interview_post.refresh_from_db()
    assert session.status == InterviewSession.Status.PUBLISHED
    assert interview_post.status == Post.Status.EVALUATION
    page = client.get(reverse("interviews:session_detail", args=[session.pk])).content.decode()
    assert session.draw_seed in page


def test_a_refused_action_shows_its_reason(client, office, session):
    client.force_login(office)
    response = client.post(reverse("interviews:session_action", args=[session.pk]), {"action": "start"}, follow=True)
    assert "Draw the candidates" in response.content.decode()
    assert InterviewSession.objects.get(pk=session.pk).status == InterviewSession.Status.PLANNED


def test_the_office_creates_a_session_from_the_form(client, office, campaign, interview_post):
    client.force_login(office)
    response = client.post(
        reverse("interviews:session_create"), {"campaign": campaign.pk, "name": "第三场", "posts": [interview_post.pk], "venue": "区委党校"}
    )
    created = InterviewSession.objects.get(name="第三场")
    assert response.status_code == 302 and created.slots.count() == 3


def test_a_bad_sheet_upload_lists_the_errors_by_row_and_column(client, office, started_session):
    client.force_login(office)
    response = client.post(
        reverse("interviews:session_import", args=[started_session.pk]),
        {"sheet": io.BytesIO(sheets.session_sheet(started_session))},
    )
    assert response.status_code == 400
    table = response.content.decode()
    assert 'data-testid="sheet-errors"' in table and "<td>E</td>" in table
    assert not Score.objects.exists()


def test_the_post_page_shows_the_ranking_to_the_office_and_to_the_unit_secretary_once_published(
    client, office, secretary, other_secretary, started_session, interview_post, applications
):
    url = reverse("competition:post_detail", args=[interview_post.pk])
    score_all(started_session, [[80, 90, 70]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    client.force_login(office)
    assert "table-success" in client.get(url).content.decode()
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert 'data-testid="interview-panel"' in page and "table-success" not in page
    scoring.session_publish(session_id=started_session.pk, by=office)
    assert "table-success" in client.get(url).content.decode()
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404


def test_a_candidate_sees_their_own_score_and_rank_once_published(client, office, started_session, applications):
    from tests.factories import UserFactory

    user = UserFactory()
    person = applications[1].person
    person.user = user
    person.save()
    score_all(started_session, [[80, 90, 70]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    client.force_login(user)
    url = reverse("interviews:my_results")
    assert 'data-testid="rank"' not in client.get(url).content.decode()
    scoring.session_publish(session_id=started_session.pk, by=office)
    page = client.get(url).content.decode()
    assert '<span data-testid="rank">1</span>' in page and "90.00" in page


def test_the_office_adds_an_examiner_with_a_login_and_the_account_becomes_an_examiner(client, office, outsider):
    from accounts import rules as roles

    client.force_login(office)
    response = client.post(reverse("interviews:examiner_list"), {"name": "王考官", "username": outsider.username})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert roles.is_examiner(outsider) and outsider.examiner.name == "王考官"
    again = client.post(reverse("interviews:examiner_list"), {"name": "重复", "username": outsider.username})
    assert again.status_code == 200 and "already belongs" in again.content.decode()


def test_the_office_declares_an_examiners_relative_by_id_number(client, office, panel, applications):
    client.force_login(office)
    person = applications[0].person
    client.post(reverse("interviews:examiner_detail", args=[panel[0].pk]), {"id_number": person.id_number, "kind": "in_law"})
    assert panel[0].relatives.get().person == person
    response = client.post(reverse("interviews:examiner_detail", args=[panel[0].pk]), {"id_number": "110105198001010000", "kind": "spouse"})
    assert "No person" in response.content.decode()


def test_the_office_adds_a_question_to_the_bank(client, office):
    client.force_login(office)
    client.post(reverse("interviews:question_list"), {"category": "应急处置", "unit_kind": "town", "text": "汛期来临……"})
    assert Question.objects.get().unit_kind == "town"


def test_the_office_corrects_a_locked_score_from_the_session_page(client, office, started_session, examiner, applications):
    from competition.models import ScoreCorrection

    score_all(started_session, [[80, 81, 82]] * 5)
    client.force_login(office)
    detail = reverse("interviews:session_detail", args=[started_session.pk])
    assert "score_correct" not in client.get(detail).content.decode() and "/correct/" not in client.get(detail).content.decode()
    scoring.session_close(session_id=started_session.pk, by=office)
    assert "/correct/" in client.get(detail).content.decode()
    score = Score.objects.get(examiner__user=examiner, application=applications[0])
    client.post(reverse("interviews:score_correct", args=[started_session.pk]), {"score": score.pk, "value": "79", "reason": "笔误"})
    correction = ScoreCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (80, 79)
    assert "笔误" in client.get(detail).content.decode()
    from audit.models import AuditEvent

    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SCORE_CORRECTION)
    assert event.actor == office and event.detail == {"score": score.pk, "old": "80.00", "new": "79.00", "reason": "笔误"}


def test_an_examiner_scores_each_dimension_on_the_phone_page(client, office, session, examiner, applications):
    client.force_login(office)
    client.post(reverse("interviews:session_dimensions", args=[session.pk]), {"dimensions": "综合分析 40\n组织协调 60"})
    assert list(session.dimensions.values_list("name", "weight")) == [("综合分析", 40), ("组织协调", 60)]
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    first, second = session.dimensions.all()
    client.force_login(examiner)
    url = reverse("interviews:examiner_score", args=[session.pk])
    assert f'name="dim-{first.pk}"' in client.get(url).content.decode()
    client.post(url, {"application": applications[0].pk, f"dim-{first.pk}": "80", f"dim-{second.pk}": "90"})
    assert Score.objects.get().value == 86
    response = client.post(url, {"application": applications[1].pk, f"dim-{first.pk}": "80"}, follow=True)
    assert "from 0 to 100" in response.content.decode() and Score.objects.count() == 1


def test_a_bad_dimension_list_gets_a_message_and_changes_nothing(client, office, session):
    client.force_login(office)
    response = client.post(reverse("interviews:session_dimensions", args=[session.pk]), {"dimensions": "综合分析"}, follow=True)
    assert "Line 1" in response.content.decode() and not session.dimensions.exists()


def test_a_refused_correction_on_the_page_shows_its_reason_and_writes_no_audit_row(
    client, office, started_session, examiner, applications
):
    from audit.models import AuditEvent

    score_all(started_session, [[80, 81, 82]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    score = Score.objects.get(examiner__user=examiner, application=applications[0])
    client.force_login(office)
    url = reverse("interviews:score_correct", args=[started_session.pk])
    response = client.post(url, {"score": score.pk, "value": "80", "reason": "笔误"}, follow=True)
    assert "same as the old one" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SCORE_CORRECTION).exists()


def test_the_office_cannot_reach_another_sessions_score_or_slot_through_a_session_page(
    client, office, campaign, started_session, examiner, applications
):
    other = InterviewSession.objects.create(campaign=campaign, name="另一场")
    score_all(started_session, [[80, 81, 82]] * 5)
    score = Score.objects.get(examiner__user=examiner, application=applications[0])
    slot = started_session.slots.first()
    client.force_login(office)
    correct = client.post(reverse("interviews:score_correct", args=[other.pk]), {"score": score.pk, "value": "79", "reason": "x"})
    absent = client.post(reverse("interviews:slot_absent", args=[other.pk]), {"slot": slot.pk, "absent": "on"})
    written = client.post(reverse("interviews:slot_written_score", args=[other.pk]), {"slot": slot.pk, "value": "70"})
    assert (correct.status_code, absent.status_code, written.status_code) == (404, 404, 404)
    slot.refresh_from_db()
    assert not slot.absent and slot.written_score is None


def test_an_unknown_session_action_gets_a_message_and_changes_nothing(client, office, session):
    client.force_login(office)
    response = client.post(reverse("interviews:session_action", args=[session.pk]), {"action": "explode"}, follow=True)
    assert "Unknown action" in response.content.decode()
    assert InterviewSession.objects.get(pk=session.pk).draw_seed == ""


def test_every_session_action_the_form_accepts_has_a_handler():
    from competition.interviews.forms import SessionActionForm
    from competition.interviews.views import SESSION_ACTIONS

    assert set(SESSION_ACTIONS) == set(SessionActionForm.ACTIONS)
