"""Objectors are protected (对举报者保密): only the office sees who objected, each look is audited, and the objector
looks up the outcome by reference number (issue 14, point 8)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEvent
from competition.publicity import services as publicity
from tests.competition.stages import published

pytestmark = pytest.mark.django_db

NAME, PHONE = "举报人甲", "13900001111"


@pytest.fixture
def objection(unit, office, secretary):
    _post, notice = published(unit, office, secretary)
    return publicity.objection_file(publicity_id=notice.pk, name=NAME, contact=PHONE, text="反映其档案年龄有误")


def test_the_unit_secretary_sees_the_text_and_the_outcome_but_not_who_objected(client, objection, secretary, office):
    post_page = reverse("competition:post_detail", args=[objection.publicity.post_id])
    client.force_login(secretary)
    page = client.get(post_page).content.decode()
    assert "反映其档案年龄有误" in page and NAME not in page and PHONE not in page
    assert 'data-testid="objector-identity-link"' not in page
    assert client.get(reverse("appointment:objection_identity", args=[objection.pk])).status_code == 403
    publicity.objection_investigate(objection_id=objection.pk, investigation="经核查无此问题", result="unsubstantiated", by=office)
    page = client.get(post_page).content.decode()
    assert "经核查无此问题" in page and NAME not in page and PHONE not in page
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.OBJECTOR_IDENTITY_READ).exists()


def test_the_office_sees_who_objected_only_on_its_own_page_and_every_look_is_audited(client, objection, office):
    client.force_login(office)
    panel = client.get(reverse("competition:post_detail", args=[objection.publicity.post_id])).content.decode()
    assert NAME not in panel and PHONE not in panel and 'data-testid="objector-identity-link"' in panel
    url = reverse("appointment:objection_identity", args=[objection.pk])
    for _look in range(2):
        page = client.get(url).content.decode()
        assert NAME in page and PHONE in page
    reads = AuditEvent.objects.filter(kind=AuditEvent.Kind.OBJECTOR_IDENTITY_READ)
    assert reads.count() == 2
    assert {(e.actor, e.detail["objection"]) for e in reads} == {(office, objection.reference)}


def test_anyone_looks_up_an_outcome_by_reference_without_learning_the_objector(client, objection, office):
    url = reverse("appointment:objection_lookup")
    page = client.get(url, {"reference": objection.reference.lower()}).content.decode()
    assert 'data-testid="objection-outcome"' in page and NAME not in page and PHONE not in page
    publicity.objection_investigate(objection_id=objection.pk, investigation="内部核查细节", result="substantiated", by=office)
    page = client.get(url, {"reference": objection.reference}).content.decode()
    assert "内部核查细节" not in page
    assert objection.get_result_display() != "" and 'data-testid="objection-outcome"' in page
    assert 'data-testid="objection-not-found"' in client.get(url, {"reference": "YY20250101-000000"}).content.decode()


def test_guessing_reference_numbers_is_rate_limited(client, objection):
    cache.clear()
    url = reverse("appointment:objection_lookup")
    for i in range(20):
        assert client.get(url, {"reference": f"YY20250101-{i:06X}"}).status_code == 200
    assert client.get(url, {"reference": objection.reference}).status_code == 429
