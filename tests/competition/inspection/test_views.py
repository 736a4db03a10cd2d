"""The inspection's pages: the public notice shows the candidates' names and current posts, the period and how to give
views, and nothing private; the office's pages run the notice, the team, the checklist and the conclusion."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from competition.models import Application, FileReviewItem, Inspection, InspectionNotice, Inspector, IssuerSettings
from tests.competition.stages import at_inspection, at_inspection_with_places, inspection_team_pool, open_inspection

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_office_publishes_the_notice_with_the_reporting_channels_and_the_public_reads_it_without_login(
    client, unit, office
):
    IssuerSettings.objects.update_or_create(
        pk=1, defaults={"department_name": "中共某某区委组织部", "report_phone": "021-56691234", "report_line": "12380"}
    )
    post = at_inspection_with_places(unit, office, places=2, advancing=3)
    first = Application.objects.get(post=post, interview_rank=1)
    first.person.phone = "13912345678"
    first.person.save(update_fields=["phone"])
    client.force_login(office)
    url = reverse("appointment:inspection_notice", args=[post.pk])
    form = client.get(url).content.decode()
    assert "021-56691234" in form and "中共某某区委组织部" in form and first.person.name in form
    today = timezone.localdate()
    contact = "电话：021-56691234\n举报电话：12380"
    response = client.post(url, {"start_date": today.isoformat(), "end_date": (today + datetime.timedelta(days=4)).isoformat(),
                                 "contact": contact})  # fmt: skip
    assert response.status_code == 302
    notice = InspectionNotice.objects.get(post=post)
    client.logout()
    listing = client.get(reverse("appointment:inspection_notice_list")).content.decode()
    assert reverse("appointment:inspection_notice_public", args=[notice.pk]) in listing
    page = client.get(reverse("appointment:inspection_notice_public", args=[notice.pk])).content.decode()
    assert first.person.name in page and first.person.current_position in page and "021-56691234" in page
    assert today.isoformat() in page and post.title in page
    # Nothing private: no ID number (whole or masked), no birth date, no phone, no conclusion nor checklist.
    person = first.person
    for private in (person.id_number, person.masked_id_number, person.birth_date.isoformat(),
                    f"{person.birth_date:%Y-%m}", "13912345678", "integrity", "廉政"):  # fmt: skip
        assert private not in page, private


def test_a_notice_leaves_the_public_page_when_the_inspection_period_is_over(client, unit, office):
    post = at_inspection(unit, office)
    open_inspection(post, office)
    notice = InspectionNotice.objects.get(post=post)
    url = reverse("appointment:inspection_notice_public", args=[notice.pk])
    assert client.get(url).status_code == 200
    after = datetime.datetime.combine(notice.end_date + datetime.timedelta(days=1), datetime.time(12))
    with time_machine.travel(timezone.make_aware(after), tick=False):
        assert client.get(url).status_code == 404
        assert notice.names not in client.get(reverse("appointment:inspection_notice_list")).content.decode()


def test_a_notice_dated_before_today_is_refused_with_the_form_kept(client, unit, office):
    post = at_inspection(unit, office)
    client.force_login(office)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(reverse("appointment:inspection_notice", args=[post.pk]),
                           {"start_date": yesterday.isoformat(), "end_date": yesterday.isoformat(), "contact": "电话"})  # fmt: skip
    assert response.status_code == 200 and "cannot start before today" in response.content.decode()
    assert not InspectionNotice.objects.exists()


def test_the_team_page_shows_who_would_be_recused_and_the_panel_shows_the_recusals(client, unit, office, other_unit):
    post = at_inspection(unit, office)
    first = Application.objects.get(post=post, interview_rank=1)
    first.person.current_unit = other_unit
    first.person.save(update_fields=["current_unit"])
    colleague = Inspector.objects.create(name="同单位考察员", unit=other_unit)
    open_inspection(post, office)
    client.force_login(office)
    url = reverse("appointment:inspection_team", args=[post.pk])
    assert "同单位考察员" in client.get(url).content.decode()
    ids = [colleague.pk, *[i.pk for i in inspection_team_pool()]]
    assert client.post(url, {"inspectors": ids}).status_code == 302
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert 'data-testid="recusal"' in page and "同单位考察员" in page and "Same unit as the candidate" in page


def test_a_pass_with_an_incomplete_checklist_is_refused_with_a_clear_message_and_nothing_saved(client, unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    client.force_login(office)
    detail = reverse("appointment:inspection_detail", args=[inspection.pk])
    page = client.get(detail).content.decode()
    assert inspection.application.person.birth_date.isoformat() in page  # what the profile says, beside the file
    checklist = {f"file_{item}": "confirmed" for item in FileReviewItem.Item.values}
    checklist["file_identity"] = ""
    assert client.post(detail, {**checklist, "people_talked_to": "20"}).status_code == 302
    assert inspection.file_review.count() == 5
    report = {"report": _pdf()}
    response = client.post(reverse("appointment:inspection_conclusion", args=[inspection.pk]),
                           {"conclusion": "pass", "findings": "良好", **report})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == detail
    message = " ".join(_messages(response))
    assert "not complete" in message and "Cadre identity" in message and "integrity opinion" in message
    inspection.refresh_from_db()
    assert inspection.conclusion == "" and not inspection.report


def test_a_fail_is_recorded_from_the_page_with_its_reason(client, unit, office):
    post = at_inspection(unit, office)
    inspection = open_inspection(post, office)
    client.force_login(office)
    response = client.post(reverse("appointment:inspection_conclusion", args=[inspection.pk]),
                           {"conclusion": "fail", "findings": "经查", "fail_reason": "个人有关事项瞒报", "report": _pdf()})  # fmt: skip
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.conclusion == Inspection.Conclusion.FAIL and inspection.fail_reason == "个人有关事项瞒报"
    page = client.get(reverse("competition:post_detail", args=[post.pk])).content.decode()
    assert "个人有关事项瞒报" in page and "Inspection not passed" in page


def test_the_pool_declares_relatives_by_id_number(client, office, candidate):
    client.force_login(office)
    response = client.post(reverse("appointment:inspector_list"), {"name": "干部一科 刘科长", "title": "科长"})
    inspector = Inspector.objects.get(name="干部一科 刘科长")
    assert response.status_code == 302
    url = reverse("appointment:inspector_detail", args=[inspector.pk])
    assert client.post(url, {"id_number": "110101199001011234", "kind": "spouse"}).status_code == 200  # nobody
    assert not inspector.relatives.exists()
    assert client.post(url, {"id_number": candidate.person.id_number, "kind": "spouse"}).status_code == 302
    assert inspector.relatives.get().person == candidate.person


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("report.pdf", b"%PDF-1.4 report")
