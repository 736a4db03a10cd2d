"""The public pages: voting with a code, and objections, both rate-limited per address."""

import pytest
from django.urls import reverse
from django.utils import timezone

from competition.evaluation import services as evaluations
from competition.evaluation import views as evaluation_views
from competition.models import Ballot, Objection, Rating
from competition.publicity import views as publicity_views
from tests.competition.stages import at_evaluation, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_evaluation(unit, office):
    post = at_evaluation(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=5, date=timezone.localdate(), by=office)
    codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    return evaluation, codes


def _ballot(evaluation, code, rating=Rating.COMPETENT):
    data = {"code": code, "cast": "1"}
    for candidate in evaluation.candidates.all():
        data[f"c{candidate.pk}"] = rating
    return data


def test_a_voter_enters_a_code_sees_the_candidates_and_casts_one_ballot(client, open_evaluation):
    evaluation, codes = open_evaluation
    page = client.post(reverse("appointment:vote"), {"code": codes[0]})
    assert page.status_code == 200
    for candidate in evaluation.candidates.all():
        assert candidate.application.person.name in page.content.decode()
    done = client.post(reverse("appointment:vote"), _ballot(evaluation, codes[0]))
    assert 'data-testid="ballot-cast"' in done.content.decode()
    assert Ballot.objects.count() == 1
    again = client.post(reverse("appointment:vote"), _ballot(evaluation, codes[0]))
    assert "already been used" in again.content.decode()
    assert Ballot.objects.count() == 1


def test_an_incomplete_ballot_is_shown_again_without_using_the_code(client, open_evaluation):
    evaluation, codes = open_evaluation
    data = _ballot(evaluation, codes[0])
    data.pop(f"c{evaluation.candidates.first().pk}")
    response = client.post(reverse("appointment:vote"), data)
    assert response.status_code == 200 and Ballot.objects.count() == 0
    client.post(reverse("appointment:vote"), _ballot(evaluation, codes[0]))
    assert Ballot.objects.count() == 1


def test_wrong_codes_from_one_address_are_refused_past_the_limit_with_a_clear_message(client, open_evaluation):
    _evaluation, codes = open_evaluation
    for _ in range(evaluation_views.VOTE_FAILURES_LIMIT):
        response = client.post(reverse("appointment:vote"), {"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"})
        assert response.status_code == 200
    refused = client.post(reverse("appointment:vote"), {"code": codes[0]})
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    # Another address is not affected.
    other = client.post(reverse("appointment:vote"), {"code": codes[0]}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and "Cast the ballot" in other.content.decode()


def test_correct_codes_do_not_use_up_the_limit_of_a_shared_address(client, open_evaluation):
    evaluation, codes = open_evaluation
    evaluation_views.VOTE_FAILURES_LIMIT, saved = 2, evaluation_views.VOTE_FAILURES_LIMIT
    try:
        for code in codes:
            client.post(reverse("appointment:vote"), _ballot(evaluation, code))
    finally:
        evaluation_views.VOTE_FAILURES_LIMIT = saved
    assert Ballot.objects.count() == 5


def test_an_objection_is_acknowledged_with_its_reference_number(client, unit, office, secretary):
    _post, notice = published(unit, office, secretary)
    response = client.post(reverse("appointment:publicity_public", args=[notice.pk]), {"name": "", "contact": "13800000000", "text": "反映情况"})
    objection = Objection.objects.get()
    assert objection.reference in response.content.decode()
    assert objection.name == "" and objection.publicity == notice


def test_an_anonymous_objection_is_taken_and_one_without_text_is_refused_with_a_message(client, unit, office, secretary):
    """提倡实名反映, but neither a name nor a contact is required (issue 21.3); what is reported is."""
    _post, notice = published(unit, office, secretary)
    url = reverse("appointment:publicity_public", args=[notice.pk])
    response = client.post(url, {"name": "", "contact": "", "text": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Objection.objects.exists()
    response = client.post(url, {"name": "", "contact": "", "text": "反映情况"})
    objection = Objection.objects.get()
    assert objection.reference in response.content.decode() and (objection.name, objection.contact) == ("", "")


def test_objections_past_the_rate_limit_are_refused_with_a_clear_message(client, unit, office, secretary):
    _post, notice = published(unit, office, secretary)
    url = reverse("appointment:publicity_public", args=[notice.pk])
    for i in range(publicity_views.OBJECTIONS_LIMIT):
        assert client.post(url, {"contact": "c", "text": f"第{i}条"}).status_code == 200
    refused = client.post(url, {"contact": "c", "text": "再一条"})
    assert refused.status_code == 429
    assert "Too many objections" in refused.content.decode()
    assert Objection.objects.count() == publicity_views.OBJECTIONS_LIMIT


def test_the_office_tallies_paper_ballots_through_the_form(client, office, open_evaluation):
    evaluation, _codes = open_evaluation
    client.force_login(office)
    url = reverse("appointment:evaluation_paper", args=[evaluation.post_id])
    data = {"ballots": 4}
    for candidate in evaluation.candidates.all():
        data.update({f"c{candidate.pk}_excellent": 2, f"c{candidate.pk}_competent": 1, f"c{candidate.pk}_basic": 1, f"c{candidate.pk}_incompetent": 0})
    assert client.post(url, data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.paper_ballots == 4
    data["ballots"] = 6  # more than the 5 called
    response = client.post(url, data)
    assert response.status_code == 200 and "more than the 5 participants called" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.paper_ballots == 4
