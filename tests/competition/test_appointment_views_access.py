"""Every URL of steps 5 to 8 against every persona: anonymous → wrong role → wrong object → right one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competition.evaluation import services as evaluations
from competition.models import CommitteeMember, Decision, Evaluation, Objection, Post, Publicity, WorkdayOverride
from competition.publicity import services as publicity
from tests.competition.stages import (
    at_decision,
    at_evaluation,
    at_inspection,
    at_publicity,
    decide,
    published,
    seat_committee,
)

pytestmark = pytest.mark.django_db

OFFICE_ONLY = {"candidate": 403, "other_secretary": 403, "secretary": 403}
POST_PEOPLE = {"candidate": 403, "other_secretary": 404}
# A step whose runner the campaign's kind decides (competition.kinds): in a unified competition the office; another
# unit's secretary does not see the post at all (404), the post's own secretary sees it but does not run the step.
RUNNER_ONLY = {**POST_PEOPLE, "secretary": 403}


def _open_evaluation(ctx):
    post = at_evaluation(ctx["unit"])
    evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=ctx["office"])
    return {"post_id": post.pk}


def _evaluation_post(ctx):
    return {"post_id": at_evaluation(ctx["unit"]).pk}


def _awaiting_approval(ctx):
    """An internal competition's evaluation closed by the unit's secretary, its result awaiting the office."""
    from competition.models import Rating
    from tests.competition.stages import vote_all
    from tests.factories import CampaignFactory, post_in_state

    internal = CampaignFactory(kind="internal", unit=ctx["unit"])
    post = post_in_state(Post.Status.EVALUATION, unit=ctx["unit"], campaign=internal)
    post.applications.update(advanced_to_evaluation=True)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=1, date=timezone.localdate(), by=ctx["secretary"])
    vote_all(evaluation, [[Rating.EXCELLENT] * 3])
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=ctx["secretary"])
    return {"post_id": post.pk}


def _inspection_post(ctx):
    return {"post_id": at_inspection(ctx["unit"], ctx["office"]).pk}


def _inspection(ctx):
    post = at_publicity(ctx["unit"], ctx["office"])
    return {"inspection_id": post.inspections.get().pk}


def _open_inspection(ctx):
    from tests.competition.stages import open_inspection

    post = at_inspection(ctx["unit"], ctx["office"])
    return {"inspection_id": open_inspection(post, ctx["office"]).pk}


def _inspector(ctx):
    from tests.competition.stages import inspection_team_pool

    return {"inspector_id": inspection_team_pool()[0].pk}


def _publicity_post(ctx):
    return {"post_id": at_publicity(ctx["unit"], ctx["office"]).pk}


def _objection(ctx):
    _post, notice = published(ctx["unit"], ctx["office"], ctx["secretary"])
    objection = publicity.objection_file(publicity_id=notice.pk, name="", contact="c", text="t")
    return {"objection_id": objection.pk}


def _decision_post(ctx):
    return {"post_id": at_decision(ctx["unit"], ctx["office"], ctx["secretary"]).pk}


def _failed_decision_post(ctx):
    post = at_decision(ctx["unit"], ctx["office"], ctx["secretary"])
    decide(post, ctx["secretary"], present_disagree=3)
    return {"post_id": post.pk}


def _decision(ctx):
    post = at_decision(ctx["unit"], ctx["office"], ctx["secretary"])
    return {"decision_id": decide(post, ctx["secretary"], present_agree=3).pk}


def _override(ctx):
    return {"override_id": WorkdayOverride.objects.create(date=datetime.date(2027, 2, 8), is_working_day=False).pk}


def _public_notice(ctx):
    _post, notice = published(ctx["unit"], ctx["office"], ctx["secretary"])
    return {"publicity_id": notice.pk}


# name, method, setup, POST data, expected status per logged-in persona (checked in this order).
CASES = [
    ("evaluation_results", "get", _open_evaluation, None, {**POST_PEOPLE, "secretary": 200, "office": 200}),
    ("evaluation_open", "post", _evaluation_post, {"called": 5, "date": "2026-01-05"}, {**RUNNER_ONLY, "office": 302}),
    ("evaluation_codes", "post", _open_evaluation, {}, {**RUNNER_ONLY, "office": 200}),
    ("evaluation_paper", "get", _open_evaluation, None, {**RUNNER_ONLY, "office": 200}),
    ("evaluation_paper_form", "get", _open_evaluation, None, {**RUNNER_ONLY, "office": 200}),
    ("evaluation_close", "post", _open_evaluation, {}, {**RUNNER_ONLY, "office": 302}),
    ("evaluation_approve", "post", _awaiting_approval, {}, {**RUNNER_ONLY, "office": 302}),
    ("inspection_notice", "get", _inspection_post, None, {**OFFICE_ONLY, "office": 200}),
    ("inspection_notice", "post", _inspection_post, {"start_date": "2020-01-01", "end_date": "2020-01-02", "contact": "电话"},
     {**OFFICE_ONLY, "office": 200}),
    ("inspection_team", "get", _inspection_post, None, {**OFFICE_ONLY, "office": 200}),
    ("inspection_detail", "get", _open_inspection, None, {**OFFICE_ONLY, "office": 200}),
    ("inspection_recusal", "post", _open_inspection, {"inspector": 1, "reason": "另有关系"}, {**OFFICE_ONLY, "office": 302}),
    ("inspection_conclusion", "post", _open_inspection, {"conclusion": "fail", "findings": "差"},
     {**OFFICE_ONLY, "office": 302}),
    ("inspector_list", "get", lambda ctx: {}, None, {**OFFICE_ONLY, "office": 200}),
    ("inspector_detail", "get", _inspector, None, {**OFFICE_ONLY, "office": 200}),
    ("inspector_active", "post", _inspector, {}, {**OFFICE_ONLY, "office": 302}),
    ("inspection_report", "get", _inspection, None, {**POST_PEOPLE, "secretary": 200, "office": 200}),
    ("publicity_edit", "get", _publicity_post, None, {**OFFICE_ONLY, "office": 200}),
    ("publicity_approve", "post", _publicity_post, {}, {**POST_PEOPLE, "office": 403, "secretary": 302}),
    ("publicity_return", "post", _publicity_post, {"reason": "改"}, {**POST_PEOPLE, "office": 403, "secretary": 302}),
    ("publicity_print", "get", _publicity_post, None, {**POST_PEOPLE, "secretary": 200, "office": 200}),
    ("objection_investigate", "post", _objection, {"investigation": "查", "result": "unsubstantiated"}, {**OFFICE_ONLY, "office": 302}),
    ("objection_identity", "get", _objection, None, {**OFFICE_ONLY, "office": 200}),
    ("decision_record", "get", _decision_post, None, {**POST_PEOPLE, "secretary": 200, "office": 200}),
    ("decision_print", "get", _decision, None, {**POST_PEOPLE, "secretary": 200, "office": 200}),
    ("substitute_confirm", "post", _failed_decision_post, {"replaced_id": 1, "reason": "下一位"}, {**OFFICE_ONLY, "office": 302}),
    ("close_with_fewer", "post", _failed_decision_post, {"reason": "无合适人选"}, {**OFFICE_ONLY, "office": 302}),
    ("inspection_conclude", "post", _inspection_post, {}, {**OFFICE_ONLY, "office": 302}),
    ("rerelease", "post", _failed_decision_post, {"reason": "重新推出"}, {**OFFICE_ONLY, "office": 302}),
    ("workdays", "get", lambda ctx: {}, None, {**OFFICE_ONLY, "office": 200}),
    ("workday_delete", "post", _override, {}, {**OFFICE_ONLY, "office": 302}),
]


@pytest.fixture
def ctx(unit, office, secretary, other_secretary, candidate):
    return {"unit": unit, "office": office, "secretary": secretary, "other_secretary": other_secretary, "candidate": candidate}


@pytest.mark.parametrize(("name", "method", "setup", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_back_office_url_for_every_persona(client, ctx, name, method, setup, data, expected):
    url = reverse(f"appointment:{name}", kwargs=setup(ctx))
    send = getattr(client, method)
    response = send(url, data) if method == "post" else send(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    for persona, status in expected.items():
        client.force_login(ctx[persona])
        response = send(url, data) if method == "post" else send(url)
        assert response.status_code == status, (persona, response.status_code)


def test_state_changing_urls_refuse_get(client, ctx):
    client.force_login(ctx["office"])
    kwargs = _open_evaluation(ctx)
    for name in ("evaluation_open", "evaluation_codes", "evaluation_close", "publicity_approve", "substitute_confirm",
                 "close_with_fewer", "inspection_conclude", "rerelease"):
        assert client.get(reverse(f"appointment:{name}", kwargs=kwargs)).status_code == 405


@pytest.mark.parametrize("persona", [None, "candidate", "other_secretary", "secretary", "office"])
def test_public_pages_are_open_to_everyone(client, ctx, persona):
    kwargs = _public_notice(ctx)
    if persona:
        client.force_login(ctx[persona])
    assert client.get(reverse("appointment:vote")).status_code == 200
    listing = client.get(reverse("appointment:publicity_list"))
    assert listing.status_code == 200
    assert reverse("appointment:publicity_public", kwargs=kwargs) in listing.content.decode()
    assert client.get(reverse("appointment:publicity_public", kwargs=kwargs)).status_code == 200
    assert client.get(reverse("appointment:objection_lookup")).status_code == 200


def test_a_notice_not_yet_published_is_not_public(client, ctx):
    post = at_publicity(ctx["unit"], ctx["office"])
    notice = Publicity.objects.get(post=post)
    assert client.get(reverse("appointment:publicity_public", args=[notice.pk])).status_code == 404
    assert notice.application.person.name not in client.get(reverse("appointment:publicity_list")).content.decode()


def test_the_post_page_shows_each_steps_panel_to_the_office_and_the_units_secretary(client, ctx):
    post = at_decision(ctx["unit"], ctx["office"], ctx["secretary"])
    for persona in ("office", "secretary"):
        client.force_login(ctx[persona])
        page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
        for panel in ("panel-evaluation", "panel-inspection", "panel-publicity", "panel-decision"):
            assert panel in page
    client.force_login(ctx["secretary"])
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert reverse("appointment:decision_record", args=[post.pk]) in page


def test_the_office_opens_an_evaluation_and_prints_codes_that_work(client, ctx):
    post = at_evaluation(ctx["unit"])
    client.force_login(ctx["office"])
    client.post(reverse("appointment:evaluation_open", args=[post.pk]), {"called": 4, "date": "2026-01-05"})
    evaluation = Evaluation.objects.get(post=post)
    assert evaluation.called == 4
    page = client.post(reverse("appointment:evaluation_codes", args=[post.pk]))
    codes = [line.split(">")[1].split("<")[0] for line in page.content.decode().splitlines() if 'data-testid="code"' in line]
    assert len(codes) == 4
    assert evaluations.find_code(codes[0]) is not None
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_the_decision_form_records_the_meeting_and_shows_the_printable_record(client, ctx):
    post = at_decision(ctx["unit"], ctx["office"], ctx["secretary"])
    client.force_login(ctx["secretary"])
    a, b, c = seat_committee(ctx["unit"], 3)
    CommitteeMember.objects.filter(pk=a.pk).update(name="甲")
    page = client.get(reverse("appointment:decision_record", args=[post.pk])).content.decode()
    assert all(f'name="vote_{m.pk}"' in page for m in (a, b, c))  # the roster, not typed names
    data = {"meeting_date": timezone.localdate().isoformat(), "notes": "", "meeting_no": "3", "place": "会议室",
            "chair": "甲", f"vote_{a.pk}": "agree", f"vote_{b.pk}": "agree", f"vote_{c.pk}": "disagree"}
    response = client.post(reverse("appointment:decision_record", args=[post.pk]), data, follow=True)
    decision = Decision.objects.get(post=post)
    assert (decision.members_total, decision.agree, decision.result) == (3, 2, Decision.Result.PASSED)
    page = response.content.decode()
    assert 'data-testid="decision-record"' in page and "甲" in page
    post.refresh_from_db()
    assert post.status == Post.Status.APPOINTED


def test_the_decision_form_explains_a_missing_quorum(client, ctx):
    post = at_decision(ctx["unit"], ctx["office"], ctx["secretary"])
    client.force_login(ctx["secretary"])
    a, _b, _c = seat_committee(ctx["unit"], 3)
    data = {"meeting_date": timezone.localdate().isoformat(), f"vote_{a.pk}": "agree", "meeting_no": "3",
            "place": "会议室", "chair": a.name}
    response = client.post(reverse("appointment:decision_record", args=[post.pk]), data)
    assert response.status_code == 200
    assert "two thirds" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_printable_notice_carries_the_candidates_particulars(client, ctx):
    post = at_publicity(ctx["unit"], ctx["office"])
    notice = Publicity.objects.get(post=post)
    client.force_login(ctx["secretary"])
    page = client.get(reverse("appointment:publicity_print", args=[post.pk])).content.decode()
    person = notice.application.person
    # The particulars are the document's, in Chinese whatever the interface language (issue 21.3).
    sex = "男" if person.sex == "M" else "女"
    birth = f"{person.birth_date.year}年{person.birth_date.month}月"
    for text in (person.name, sex, birth, post.title, "anonymous reports are also accepted"):
        assert text in page, text


def test_objection_investigation_form_errors_are_explained(client, ctx):
    kwargs = _objection(ctx)
    client.force_login(ctx["office"])
    response = client.post(reverse("appointment:objection_investigate", kwargs=kwargs), {"investigation": "", "result": "x"}, follow=True)
    assert response.status_code == 200
    assert not Objection.objects.exclude(result="").exists()


def test_the_evaluation_panel_offers_opening_to_the_office_only(client, ctx):
    post = at_evaluation(ctx["unit"])
    url = reverse("competition:post_detail", args=[post.pk])
    open_url = reverse("appointment:evaluation_open", args=[post.pk])
    client.force_login(ctx["office"])
    assert open_url in client.get(url).content.decode()
    client.force_login(ctx["secretary"])
    page = client.get(url).content.decode()
    assert 'data-testid="panel-evaluation"' in page and open_url not in page
    evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=ctx["office"])
    client.force_login(ctx["office"])
    page = client.get(url).content.decode()
    assert reverse("appointment:evaluation_codes", args=[post.pk]) in page
    assert reverse("appointment:evaluation_close", args=[post.pk]) in page


def test_the_publicity_panel_offers_approval_to_the_posts_secretary_only(client, ctx):
    post = at_publicity(ctx["unit"], ctx["office"])
    url = reverse("competition:post_detail", args=[post.pk])
    approve = reverse("appointment:publicity_approve", args=[post.pk])
    client.force_login(ctx["secretary"])
    assert approve in client.get(url).content.decode()
    client.force_login(ctx["office"])
    page = client.get(url).content.decode()
    assert approve not in page and reverse("appointment:publicity_edit", args=[post.pk]) in page
    client.force_login(ctx["other_secretary"])
    assert client.get(url).status_code == 404
