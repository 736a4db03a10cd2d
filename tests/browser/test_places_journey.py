"""A post with two places carried to two appointees, one chosen candidate failing the inspection and the office
confirming the next-ranked in his place (issue 16: several places and a substitute), in the browser.

The steps this journey is not about (release to evaluation, the inspections themselves, the publicity's period) are
seeded through the services (tests/competition/stages.py); the pages do what it is about: the office confirms the
substitute with a reason, the unit secretary publishes the one notice, the public reads it, the committee votes on
each candidate.
"""

import datetime
import re

import pytest
from django.core import mail

from competition.models import Application, CommitteeMember, Decision, Inspection, Post, Publicity, Substitution
from competition.publicity import services as publicity
from notifications.models import Notification
from tenure.models import Term
from tests.competition.stages import at_inspection_with_places, complete_formalities, inspect
from tests.factories import OfficeUserFactory, SecretaryFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
REASON = "考察不合格，按综合成绩依次递补。"


def click(page, locator):
    with page.expect_navigation():
        locator.click()
    return page


def test_a_two_place_post_reaches_two_appointees_with_a_substitute_after_a_failed_inspection(journey):
    unit = UnitFactory(name="罗店镇")
    office_user = OfficeUserFactory(username="office", full_name="竞岗办王主任")
    SecretaryFactory(username="luodian", secretary_of=unit, full_name="罗店镇书记")
    post = at_inspection_with_places(unit, office_user, places=2, advancing=3)
    first, second, third = Application.objects.filter(post=post).order_by("interview_rank")[:3]
    substitute_user = UserFactory(username="dibu", email="dibu@example.cn", language="zh-hans")
    third.person.user = substitute_user
    third.person.save(update_fields=["user"])
    inspect(post, office_user)  # the first chosen passes
    inspect(post, office_user, Inspection.Conclusion.FAIL)  # the second fails
    mail.outbox.clear()

    # --- The office confirms the next-ranked in place of the one who failed, with a reason ---
    office = journey("office", language="zh-CN")
    office.login("office", PASSWORD)
    page = office.go(f"/office/posts/{post.pk}/")
    panel = page.locator("[data-testid=panel-inspection]")
    assert third.person.name in panel.locator("[data-testid=substitutions-left]").inner_text()
    form = panel.locator("[data-testid=substitute-form]")
    assert second.person.name in form.inner_text() and third.person.name in form.inner_text()
    form.locator("input[name=reason]").fill(REASON)
    office.shot("substitute")
    click(page, form.locator("button[type=submit]"))
    office.shot("substitute-confirmed")
    substitution = Substitution.objects.get(post=post)
    assert (substitution.replaced, substitution.substitute) == (second, third)
    log = page.locator("[data-testid=post-log]").inner_text()
    assert REASON in log and second.person.name in log and third.person.name in log

    # The substitute is told, in a mail with a body and a link.
    assert Notification.objects.filter(recipient=substitute_user, kind="substitute_confirmed").exists()
    told = [m for m in mail.outbox if m.to == ["dibu@example.cn"]]
    assert told and told[0].body.strip() and re.search(r"https?://\S+", told[0].body)

    inspect(post, office_user)  # the substitute passes: both places have a candidate for publicity
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY

    # --- The unit secretary approves the one notice; the public page lists both, not the one who failed ---
    secretary = journey("secretary", language="zh-CN")
    secretary.login("luodian", PASSWORD)
    page = secretary.go(f"/office/posts/{post.pk}/")
    click(page, page.get_by_role("button", name="审批并发布", exact=True))
    secretary.shot("publicity-approved")
    notice = Publicity.objects.filter(post=post).order_by("pk").first()
    notice.refresh_from_db()
    citizen = journey("citizen", language="zh-CN", phone=True)
    page = citizen.go(f"/publicity/{notice.pk}/")
    citizen.shot("notice")
    people = page.locator("[data-testid=notice-person]").all_inner_texts()
    assert len(people) == 2
    text = page.locator("[data-testid=notice]").inner_text()
    assert first.person.name in text and third.person.name in text and second.person.name not in text

    # --- Time passes; the committee votes on each candidate ---
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    post.refresh_from_db()
    assert post.status == Post.Status.DECISION
    page = secretary.page
    # The unit's committee (enrolled outside this product): the meeting takes its attendance from it.
    seats = [
        CommitteeMember.objects.create(unit=post.unit, name=member, serving_from=datetime.date(2020, 1, 1))
        for member in ["罗书记", "镇长", "副书记"]
    ]
    for candidate in (first, third):
        page = secretary.go(f"/office/posts/{post.pk}/decision/")
        if candidate == first:  # both await the vote: the record says which; then only the other is left
            page.locator("select[name=application_id]").select_option(value=str(candidate.pk))
            click(page, page.get_by_role("button", name="显示该日期的党委（组）成员", exact=True))
        else:
            assert page.locator("select[name=application_id]").count() == 0
        assert candidate.person.name in page.locator("main").inner_text()
        for seat in seats:
            page.locator(f"select[name=vote_{seat.pk}]").select_option(value="agree")
        page.locator("input[name=meeting_no]").fill("7")
        page.locator("input[name=place]").fill("镇机关会议室")
        page.locator("select[name=chair]").select_option(value=seats[0].name)
        click(page, page.get_by_role("button", name="保存讨论决定", exact=True))
        assert candidate.person.name in page.locator("main").inner_text()
    page = secretary.go(f"/office/posts/{post.pk}/")
    secretary.shot("appointed")
    assert page.locator("[data-testid=post-status]").inner_text() == "已任用"
    # The terms start with the appointment formalities (tested in the campaign journey): recorded by the services.
    assert not Term.objects.filter(position=post.position).exists()
    for decision in Decision.objects.filter(post=post, result=Decision.Result.PASSED):
        complete_formalities(decision, office_user)
    assert set(Term.objects.filter(position=post.position).values_list("person", flat=True)) == {first.person_id, third.person_id}
    assert REASON in page.locator("[data-testid=post-log]").inner_text()
    for j in (office, secretary, citizen):
        assert j.console_errors == [], j.name
