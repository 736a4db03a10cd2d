"""No examiner scores himself or a declared relative, an examiner who applies is flagged, and examiners see the
candidates only from the session's start (issue 14, points 3 and 4)."""

import pytest
from django.urls import reverse

from competition.interviews import scoring
from competition.interviews import services as interviews
from competition.interviews.rules import InterviewError
from competition.models import Examiner, ExaminerRelative
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _make_applicant_examiner(application):
    """The applicant's own account, put in the examiner pool (it happens: an officer examines and applies)."""
    person = application.person
    if person.user is None:
        from tests.factories import UserFactory

        person.user = UserFactory(username=f"applicant-{person.pk}")
        person.save(update_fields=["user"])
    return Examiner.objects.create(name=person.name, user=person.user)


def test_an_examiner_who_is_the_candidate_is_recused_and_cannot_score_his_own_application(office, session, applications, panel):
    own = applications[0]
    examiner = _make_applicant_examiner(own)
    interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in [*panel, examiner]], by=office)
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    with pytest.raises(InterviewError, match="recused"):
        scoring.score_save(session_id=session.pk, application_id=own.pk, value="99", by=examiner.user)
    # He still scores the others.
    scoring.score_save(session_id=session.pk, application_id=applications[1].pk, value="80", by=examiner.user)


def test_an_examiner_is_recused_for_a_declared_relative(office, started_session, applications, panel):
    ExaminerRelative.objects.create(examiner=panel[1], person=applications[2].person, kind=ExaminerRelative.Kind.SPOUSE)
    with pytest.raises(InterviewError, match="recused"):
        scoring.score_save(session_id=started_session.pk, application_id=applications[2].pk, value="90", by=panel[1].user)


def test_putting_an_applicant_on_the_panel_of_his_campaign_is_flagged_to_the_office(
    client, django_capture_on_commit_callbacks, office, session, applications, panel
):
    examiner = _make_applicant_examiner(applications[0])
    with django_capture_on_commit_callbacks(execute=True):
        interviews.session_set_examiners(session_id=session.pk, examiner_ids=[e.pk for e in [*panel, examiner]], by=office)
    notice = Notification.objects.get(recipient=office, kind="examiner_conflict")
    assert examiner.name in notice.subject
    client.force_login(office)
    for url in (
        reverse("interviews:session_detail", args=[session.pk]),
        reverse("interviews:examiner_detail", args=[examiner.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'data-testid="examiner-conflict"' in page and str(applications[0].post) in page
    # An examiner who did not apply is not flagged.
    page = client.get(reverse("interviews:examiner_detail", args=[panel[0].pk])).content.decode()
    assert 'data-testid="examiner-conflict"' not in page


def test_examiners_see_neither_the_names_nor_the_order_while_the_session_is_planned(client, office, session, applications, examiner):
    interviews.session_draw(session_id=session.pk, by=office)
    client.force_login(examiner)
    url = reverse("interviews:examiner_score", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="planned-candidates"' in page and "3" in page
    for application in applications:
        assert application.person.name not in page
        assert f'data-testid="slot-{application.pk}"' not in page
    interviews.session_start(session_id=session.pk, by=office)
    page = client.get(url).content.decode()
    assert all(application.person.name in page for application in applications)
