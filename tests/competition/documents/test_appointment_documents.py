"""The committee's meeting record, the appointment notice (任职通知) and the certificate (任命书) as issued (issue 21.5,
21.6): every required element on the page and in the Word document (read back with python-docx)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from competition.decision import services as decisions
from competition.documents import contexts, kinds, services
from competition.models import Application, CommitteeMemberRelative, Decision, Post, Unit
from tenure.documents import certificate_context
from tenure.models import Term
from tenure.services import certificate_issue
from tests.competition.documents.conftest import fill_profile
from tests.competition.documents.docx_text import text_of
from tests.competition.stages import at_decision, complete_formalities, seat_committee

pytestmark = pytest.mark.django_db


def cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def page_text(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


@pytest.fixture
def luodian(unit):
    Unit.objects.filter(pk=unit.pk).update(party_body="中共罗店镇委员会", short_code="罗委")
    unit.refresh_from_db()
    return unit


def promotion_at_decision(unit, office, secretary):
    """A post of section level at the committee, its candidate a deputy section chief (a promotion), profile filled."""
    post = at_decision(unit, office, secretary)
    Post.objects.filter(pk=post.pk).update(level="section")
    post.refresh_from_db()
    application = decisions.decision_candidate(post)
    Application.objects.filter(pk=application.pk).update(applicant_rank="deputy_section")
    person = fill_profile(application.person)
    person.current_position = "党政办副主任"
    person.save()
    return post, application


def meeting(post, application, secretary, seats, votes, **fields):
    return decisions.decision_record(
        post_id=post.pk, application_id=application.pk, meeting_date=timezone.localdate(),
        votes={seat.pk: vote for seat, vote in zip(seats, votes)}, by=secretary, **fields,
    )  # fmt: skip


def test_the_meeting_record_names_the_meeting_its_people_each_item_and_the_decision(client, luodian, office, secretary):
    first_post, first = promotion_at_decision(luodian, office, secretary)
    second_post, second = promotion_at_decision(luodian, office, secretary)
    seats = seat_committee(luodian, 7)
    CommitteeMemberRelative.objects.create(member=seats[6], person=first.person, kind="spouse")
    fields = {"meeting_no": 12, "place": "镇机关三楼会议室", "chair": seats[0].name}
    one = meeting(first_post, first, secretary, seats, ["agree"] * 4 + ["disagree", ""])
    one_fields = Decision.objects.filter(pk=one.pk)
    one_fields.update(**fields)
    two = meeting(second_post, second, secretary, seats, ["agree"] * 5 + ["defer", ""], **fields)
    today = timezone.localdate()
    expected = [
        "中共罗店镇委员会会议记录", f"{today.year}年第12次会议", cn(today), "镇机关三楼会议室", seats[0].name,
        "、".join(s.name for s in seats[:5]), seats[5].name,  # present, absent (缺席)
        f"{seats[6].name}（",  # left the first item (回避), with the reason
        "王小明", f"{first.person.unit_display}党政办副主任",  # the candidate's current post
        "考察合格", "公示期满无影响任职的问题",
        "同意4票，不同意1票，缓议0票，缺席1人。",  # the first item
        "同意5票，不同意0票，缓议1票，缺席1人。",  # the second item, in the same record
        f"同意王小明同志任{luodian.name}{first_post.title}（乡科级正职），试用期一年。",
        f"{luodian.name}{second_post.title}",
    ]
    word = text_of(services.render_document(kinds.DECISION_RECORD, contexts.decision_record_context(two)))
    page = page_text(client, secretary, reverse("appointment:decision_print", args=[one.pk]))
    for text in (word, page):
        for element in expected:
            assert element in text, element
        assert "{{" not in text and "2026-" not in text
    assert word.count("议题") == 2
    # A member who did not attend cannot have chaired the item.
    third_post, third = promotion_at_decision(luodian, office, secretary)
    with pytest.raises(decisions.WorkflowError, match="cannot have chaired|不能作为主持人"):
        meeting(third_post, third, secretary, seats, ["agree"] * 5 + ["", ""], chair=seats[5].name)
    assert not Decision.objects.filter(post=third_post).exists()


def test_the_decision_form_records_the_meeting_number_place_and_chair(client, luodian, office, secretary):
    post, application = promotion_at_decision(luodian, office, secretary)
    seats = seat_committee(luodian, 5)
    client.force_login(secretary)
    url = reverse("appointment:decision_record", args=[post.pk])
    form = client.get(url).content.decode()
    assert f'<option value="{seats[0].name}" selected>' in form  # the secretary chairs by default
    data = {"meeting_date": timezone.localdate().isoformat(), **{f"vote_{s.pk}": "agree" for s in seats}}
    response = client.post(url, data)
    assert response.status_code == 200 and not Decision.objects.exists()  # number, place and chair are required
    response = client.post(url, {**data, "meeting_no": "3", "place": "会议室", "chair": seats[1].name})
    decision = Decision.objects.get()
    assert (decision.meeting_no, decision.place, decision.chair) == (3, "会议室", seats[1].name)


def test_the_appointment_notice_and_the_certificate_carry_every_element(client, luodian, office, secretary):
    post, application = promotion_at_decision(luodian, office, secretary)
    seats = seat_committee(luodian, 5)
    decision = meeting(post, application, secretary, seats, ["agree"] * 5, meeting_no=4, place="会议室", chair=seats[0].name)
    record = complete_formalities(decision, secretary)
    year = record.document_date.year
    assert record.document_no == f"罗委〔{year}〕1号"
    notice = [
        "中共罗店镇委员会文件", f"罗委〔{year}〕1号", "关于王小明同志任职的通知", "各有关单位：",
        f"经中共罗店镇委员会{cn(decision.meeting_date)}会议研究决定：",
        f"王小明同志任{luodian.name}{post.title}（乡科级正职），试用期一年。",
        f"自{cn(record.effective_on)}起任职。", "（盖章）", cn(record.document_date),
    ]
    word = text_of(services.render_document(kinds.APPOINTMENT_NOTICE, contexts.appointment_notice_context(decision, record)))
    page = page_text(client, secretary, reverse("appointment:appointment_notice", args=[decision.pk]))
    for text in (word, page):
        for element in notice:
            assert element in text, element

    term = Term.objects.get(post=post)
    certificate = certificate_issue(term_id=term.pk, by=office, issued_on=term.start)
    cert = [
        f"罗委聘〔{term.start.year}〕1号", "任命书",
        f"任命王小明同志为{luodian.name}{term.position.title}（乡科级正职），任期自{cn(term.start)}至{cn(term.end)}。",
        f"试用期一年，自{cn(term.start)}至{cn(term.probation_end)}。", "中共罗店镇委员会", "（盖章）",
        cn(certificate.issued_on),
    ]
    word = text_of(services.render_document(kinds.CERTIFICATE, certificate_context(certificate)))
    page = page_text(client, office, reverse("tenure:certificate", args=[certificate.pk]))
    for text in (word.replace("任  命  书", "任命书"), page):  # the Word title is spaced out
        for element in cert:
            assert element in text, element
