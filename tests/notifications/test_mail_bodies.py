"""Every notification says, in its body and in the recipient's language, what happened to him and what to do next,
with a link the mail reader can open; each applicant is told his own outcome."""

import pytest
from django.core import mail

from competition.decision import services as decisions
from competition.models import Application, Publicity
from competition.publicity import services as publicity
from notifications.messages import Text, absolute_url, language_of, render
from notifications.models import Notification
from tests.competition.stages import at_decision, decide, published
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_in_chinese(settings):
    """The site's language as shipped (the test settings use English)."""
    settings.LANGUAGE_CODE = "zh-hans"


def give_accounts(applications, **user_fields):
    """Each applicant gets a login (the stage helpers' applicants have none), with the given fields."""
    users = []
    for application in applications:
        user = UserFactory(**user_fields)
        application.person.user = user
        application.person.save(update_fields=["user"])
        users.append(user)
    return users


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_the_appointee_and_the_runner_up_each_read_their_own_outcome(unit, office, secretary, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://jinggang.example.gov.cn"
    post = at_decision(unit, office, secretary)
    appointee = decisions.decision_candidate(post)
    runner_ups = list(post.applications.exclude(pk=appointee.pk).filter(outcome=Application.Outcome.IN_PROGRESS))
    [appointee_user] = give_accounts([appointee])
    runner_up_users = give_accounts(runner_ups)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(post, secretary, present_agree=5, absent=1)

    appointed = mail_to(appointee_user)
    assert appointed.subject == f"您已被任命：{post}"
    assert "党委（党组）" in appointed.body and "任前谈话" in appointed.body
    assert "https://jinggang.example.gov.cn/" in appointed.body
    for user in runner_up_users:
        message = mail_to(user)
        assert "已任用" not in message.subject.replace("已任用其他人选", "")
        assert message.subject == f"{post}：已任用其他人选"
        assert "任用其他人选" in message.body and "无需再办理" in message.body
        assert "https://jinggang.example.gov.cn/" in message.body


def test_a_user_who_reads_english_gets_his_mail_in_english_and_the_others_in_chinese(
    unit, office, secretary, django_capture_on_commit_callbacks
):
    post = at_decision(unit, office, secretary)
    appointee = decisions.decision_candidate(post)
    runner_ups = list(post.applications.exclude(pk=appointee.pk).filter(outcome=Application.Outcome.IN_PROGRESS))
    [english] = give_accounts([appointee], language="en")
    chinese = give_accounts(runner_ups)
    with django_capture_on_commit_callbacks(execute=True):
        decide(post, secretary, present_agree=5, absent=1)
    assert mail_to(english).subject == f"You are appointed: {post}"
    assert "pre-appointment talk" in mail_to(english).body
    assert "已任用其他人选" in mail_to(chinese[0]).subject


def test_the_secretary_is_told_what_to_do_with_a_notice_to_approve_and_the_office_of_a_returned_one(
    unit, office, secretary, django_capture_on_commit_callbacks
):
    from tests.competition.stages import at_publicity

    post = at_publicity(unit, office)
    to_approve = Notification.objects.get(recipient=secretary, kind="publicity_approval")
    assert "批准" in to_approve.body and "退回" in to_approve.body and to_approve.url
    notice = Publicity.objects.get(post=post)
    publicity.publicity_return(publicity_id=notice.pk, reason="简历有误", by=secretary)
    returned = Notification.objects.get(recipient=office, kind="publicity_returned")
    assert "简历有误" in returned.body and "修改" in returned.body


def test_the_office_is_told_of_a_new_objection_without_the_objectors_name_or_words(
    unit, office, secretary, django_capture_on_commit_callbacks
):
    post, notice = published(unit, office, secretary)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        objection = publicity.objection_file(publicity_id=notice.pk, name="张举报", contact="13800000000", text="此人学历造假")
    told = Notification.objects.get(recipient=office, kind="objection_filed")
    assert objection.reference in told.subject and str(post) in told.subject
    assert "调查" in told.body
    message = mail_to(office)
    for secret in ("张举报", "13800000000", "学历造假"):
        assert secret not in message.subject and secret not in message.body


def test_a_text_is_rendered_in_the_language_asked_with_dates_written_as_that_language_writes_them():
    import datetime

    from django.utils.translation import gettext_lazy

    text = Text(gettext_lazy("Registration closes on %(day)s. Review the waiting applications on the post's page before then."), day=datetime.date(2026, 12, 2))
    assert render(text, "zh-hans").startswith("报名于2026年12月2日截止")
    assert render(text, "en").startswith("Registration closes on Dec. 2, 2026")


def test_a_user_without_a_preference_reads_the_sites_language_and_links_are_absolute(settings):
    settings.SITE_URL = "https://example.gov.cn/"
    assert language_of(UserFactory.build()) == "zh-hans"
    assert language_of(UserFactory.build(language="xx")) == "zh-hans"
    assert language_of(UserFactory.build(language="en")) == "en"
    assert absolute_url("/applications/") == "https://example.gov.cn/applications/"


def test_a_candidate_the_committee_does_not_pass_is_told_so_and_what_follows(unit, office, secretary):
    post = at_decision(unit, office, secretary)
    candidate = decisions.decision_candidate(post)
    [user] = give_accounts([candidate])
    decide(post, secretary, present_agree=4, present_disagree=2, present_defer=1, absent=1)
    told = Notification.objects.get(recipient=user)
    assert told.kind == "decision_failed" and told.subject == f"{post}：党委（党组）讨论未通过"
    assert "未予通过" in told.body and "无需再办理" in told.body
