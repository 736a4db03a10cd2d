"""What the audit trail records of the competition's work: downloads of personal data, imports, ballot codes,
publicity approval and the office reading who objected."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from competition.evaluation import services as evaluations
from competition.models import Objection
from tests.competition.stages import at_evaluation, at_publicity, published
from tests.reports.archive import upload

pytestmark = pytest.mark.django_db


def test_approving_a_publicity_notice_is_recorded(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PUBLICITY_APPROVED)
    assert event.actor == secretary and event.target.startswith(f"competition.publicity:{notice.pk} ")


def test_issuing_ballot_codes_is_recorded_with_their_number_not_the_codes(unit, office):
    post = at_evaluation(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.BALLOT_CODES_ISSUED)
    assert event.actor == office and event.detail == {"count": 3}
    assert not any(code in str(event.detail) + event.target for code in codes)


def test_the_office_reading_who_objected_is_recorded(client, unit, office, secretary):
    post, notice = published(unit, office, secretary)
    objection = Objection.objects.create(publicity=notice, reference="YY-1", name="匿名者", contact="电话", text="异议")
    client.force_login(office)
    assert client.get(reverse("competition:post_detail", args=[post.pk])).status_code == 200
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.OBJECTOR_IDENTITY_READ).exists()  # the panel hides it
    page = client.get(reverse("appointment:objection_identity", args=[objection.pk])).content.decode()
    assert "匿名者" in page
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.OBJECTOR_IDENTITY_READ)
    assert event.actor == office and event.detail == {"objection": "YY-1", "post": post.pk} and event.ip_address == "127.0.0.1"


def test_a_print_page_of_people_is_recorded_as_a_download_and_a_refused_one_is_not(client, unit, office, candidate):
    post = at_publicity(unit, office)
    url = reverse("appointment:publicity_print", args=[post.pk])
    client.force_login(candidate)
    assert client.get(url).status_code in (403, 404)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD).exists()
    client.force_login(office)
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD)
    assert event.actor == office and event.detail == {"download": "publicity notice"} and event.target == f"post_id={post.pk}"


def test_an_archive_import_is_recorded_with_its_outcome(client, office):
    client.force_login(office)
    bad = io.BytesIO(b"not a workbook")
    bad.name = "archive.xlsx"
    upload(client, bad)  # imported by the task, which records it
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DATA_IMPORT)
    assert event.actor == office and event.outcome == "failure" and event.target == "archive.xlsx"
