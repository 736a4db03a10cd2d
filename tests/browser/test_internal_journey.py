"""An internal competition run by a unit secretary, in the browser (issue 16.4 acceptance).

A district campaign's post draws too few applicants and the office moves it to the unit's internal competition
(seeded through the service: the move has its own tests). Then the pages: the secretary of 罗店镇 submits and accepts
the post, gives the internal competition its registration window and announces the post; only the unit's own staff
see it; he confirms the qualified applicants, closes registration, runs the interview session (examiners from the
district's pool, the draw, the start, the close, the publication) and the democratic evaluation; the office approves
the evaluation's result and the post goes on to inspection. The examiners' scores and the ballots are cast through
the services (their pages have journeys of their own).
"""

import datetime

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from competition.models import Application, Campaign, Examiner, InterviewSession, Post, Rating, Round
from competition.registration import services as registration
from tests.competition.interviews.conftest import score_all
from tests.competition.registration.conftest import close_window
from tests.competition.stages import vote_all
from tests.competition.test_internal_competition import staff_of
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    OfficeUserFactory,
    SecretaryFactory,
    UnitFactory,
    UserFactory,
    post_in_state,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def click(page, locator):
    with page.expect_navigation():
        locator.click()
    return page


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_unit_secretary_runs_his_internal_competition_and_the_office_approves_its_evaluation(journey):
    unit = UnitFactory(name="罗店镇")
    other_unit = UnitFactory(name="区财政局", kind="bureau")
    office_user = OfficeUserFactory(username="office", full_name="竞岗办王主任")
    secretary_user = SecretaryFactory(username="luodian", secretary_of=unit, full_name="罗店镇书记")
    district = CampaignFactory(name="2026年统一竞岗")
    too_few = post_in_state(Post.Status.REGISTRATION, unit=unit, campaign=district, max_age=None, title="综治办主任")
    ApplicationFactory(post=too_few, round=too_few.round)
    close_window(too_few)
    registration.registration_close(post_id=too_few.pk, by=office_user, too_few_action="internal", reason="合格人数不足")
    too_few.refresh_from_db()
    draft = too_few.moved_to
    internal = draft.campaign
    assert internal.kind == Campaign.Kind.INTERNAL and internal.unit == unit

    # --- Release: the secretary submits and accepts the post, gives it a window and announces it ---
    secretary = journey("secretary", language="zh-CN")
    secretary.page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons ask first
    secretary.login("luodian", PASSWORD)
    page = secretary.go(f"/office/posts/{draft.pk}/")
    click(page, page.locator("[data-action=submit]"))
    click(page, page.locator("[data-action=accept]"))
    assert page.locator("[data-testid=next-step]").get_attribute("data-step") == "create_round"
    click(page, page.locator("[data-testid=next-step] a.btn"))
    page.fill("input[name=registration_opens]", local(timezone.now() - datetime.timedelta(minutes=5)))
    page.fill("input[name=registration_closes]", local(timezone.now() + datetime.timedelta(days=5)))
    secretary.shot("round")
    click(page, page.locator("main form [type=submit]").first)
    assert Round.objects.filter(campaign=internal).count() == 1
    page = secretary.go(f"/office/posts/{draft.pk}/")
    assert page.locator("[data-testid=next-step]").get_attribute("data-step") == "announce"
    click(page, page.locator("[data-action=announce]"))
    if page.locator("[data-action=open_registration]").count():
        click(page, page.locator("[data-action=open_registration]"))
    draft.refresh_from_db()
    assert draft.status == Post.Status.REGISTRATION
    secretary.shot("registration-open")

    # --- Only the unit's own staff see it: not on the public board, not for another unit's staff ---
    public = journey("public", language="zh-CN")
    assert "综治办主任" not in public.go("/posts/").locator("main").inner_text()
    assert public.page.goto(public.base + f"/posts/{draft.pk}/").status == 404
    own = [staff_of(unit, f"own{i}") for i in range(3)]
    stranger = staff_of(other_unit, "stranger")
    with pytest.raises(registration.RegistrationError):
        registration.application_submit(post_id=draft.pk, by=stranger)
    for user in own:
        registration.application_submit(post_id=draft.pk, by=user)

    # --- Review and close: the secretary confirms those who pass and closes after the deadline ---
    page = secretary.go(f"/office/posts/{draft.pk}/")
    click(page, page.locator("form[action$='/confirm-passing/'] button, [data-testid=registration-panel] form button").first)
    assert draft.applications.filter(status=Application.Status.QUALIFIED).count() == 3
    close_window(draft)
    page = secretary.go(f"/office/posts/{draft.pk}/")
    click(page, page.locator("form[action$='/close/'] button[type=submit]"))
    draft.refresh_from_db()
    assert draft.status == Post.Status.INTERVIEW

    # --- The interview: a session of his own, examiners from the district's pool ---
    pool = [Examiner.objects.create(name=f"考官{i}", user=UserFactory(username=f"kaoguan{i}")) for i in range(1, 6)]
    page = secretary.go(f"/office/posts/{draft.pk}/")
    click(page, page.locator("[data-testid=new-session]"))
    page.fill("input[name=name]", "内部竞岗面试")
    page.locator("select[name=posts]").select_option(str(draft.pk))
    secretary.shot("session-new")
    click(page, page.locator("main form[method=post] [type=submit]").first)
    session = InterviewSession.objects.get(campaign=internal)
    examiners = page.locator(f"form[action$='/sessions/{session.pk}/examiners/']")
    examiners.locator("select[name=examiners]").select_option([str(e.pk) for e in pool])
    click(page, examiners.locator("[type=submit]"))
    click(page, page.locator("button", has_text="抽签确定面试顺序").or_(page.locator("input[value=draw] + button")).first)
    click(page, page.locator("input[value=start] + button"))
    session.refresh_from_db()
    assert session.status == InterviewSession.Status.STARTED
    score_all(session, [[90, 84, 78]] * 5)
    page = secretary.go(f"/interviews/sessions/{session.pk}/")
    click(page, page.locator("input[value=close] + button"))
    click(page, page.locator("input[value=publish] + button"))
    secretary.shot("session-published")
    draft.refresh_from_db()
    assert draft.status == Post.Status.EVALUATION
    assert StateLog.objects.for_(draft).latest().by == secretary_user

    # --- The evaluation: he opens it; the colleagues vote; he closes it, and it waits for the office ---
    page = secretary.go(f"/office/posts/{draft.pk}/")
    panel = page.locator("[data-testid=panel-evaluation]")
    panel.locator("input[name=called]").fill("3")
    click(page, panel.locator("button[type=submit]"))
    evaluation = draft.evaluation
    vote_all(evaluation, [[Rating.EXCELLENT, Rating.COMPETENT]] * 3)
    page = secretary.go(f"/office/posts/{draft.pk}/")
    click(page, page.locator(f"form[action$='/posts/{draft.pk}/evaluation/close/'] button"))
    draft.refresh_from_db()
    assert draft.status == Post.Status.EVALUATION
    assert "竞岗办" in page.locator("[data-testid=panel-evaluation]").inner_text()  # waits for the office
    assert page.locator("[data-testid=evaluation-approve]").count() == 0

    # --- The office approves the result; the later steps are the office's ---
    office = journey("office", language="zh-CN")
    office.page.on("dialog", lambda dialog: dialog.accept())
    office.login("office", PASSWORD)
    page = office.go(f"/office/posts/{draft.pk}/")
    approve = page.locator("[data-testid=evaluation-approve]")
    if approve.locator("input[name=reason]").count():
        approve.locator("input[name=reason]").fill("同意")
    click(page, approve.locator("button"))
    office.shot("approved")
    draft.refresh_from_db()
    assert draft.status == Post.Status.INSPECTION
    assert StateLog.objects.for_(draft).latest().by == office_user
    assert secretary.console_errors == [] and office.console_errors == []
