"""The certificate in the form of an appointment (任命书): the print page and the Word document say the same."""

import datetime
from urllib.parse import unquote

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from competition.models import Unit
from tenure.models import Term
from tenure.services import certificate_issue
from tests.competition.documents.docx_text import text_of
from tests.tenure.conftest import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def promotion(unit, office):
    Unit.objects.filter(pk=unit.pk).update(party_body="中共罗店镇委员会", short_code="罗委")
    unit.refresh_from_db()
    term = TermFactory(
        unit=unit, person__name="赵大勇", start=datetime.date(2026, 5, 8), end=datetime.date(2031, 5, 7),
        probation_end=datetime.date(2027, 5, 7), status=Term.Status.PROBATION, origin=Term.Origin.COMPETITION,
    )
    return certificate_issue(term_id=term.pk, by=office, issued_on=datetime.date(2026, 5, 8))


def test_the_certificate_is_numbered_with_the_bodys_short_code(promotion):
    assert promotion.code == "罗委聘〔2026〕1号"


def test_the_word_certificate_appoints_with_the_level_the_term_and_the_probation(client, promotion, office):
    client.force_login(office)
    response = client.get(reverse("tenure:certificate_docx", args=[promotion.pk]))
    text = text_of(response.content)
    title = promotion.term.position.title
    assert f"任命赵大勇同志为{promotion.unit.name}{title}（乡科级正职），任期自2026年5月8日至2031年5月7日。" in text
    assert "试用期一年，自2026年5月8日至2027年5月7日。" in text
    assert "罗委聘〔2026〕1号" in text and "中共罗店镇委员会" in text and "（盖章）" in text
    assert "2026年5月8日" in text
    assert "任命书" in unquote(response["Content-Disposition"])
    assert AuditEvent.objects.filter(actor=office, detail__download="tenure certificate (Word)").exists()


def test_the_print_page_says_the_same_in_chinese(client, promotion, office):
    client.force_login(office)
    page = client.get(reverse("tenure:certificate", args=[promotion.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "罗委聘〔2026〕1号" in text and "中共罗店镇委员会" in text
    assert "任期自2026年5月8日至2031年5月7日" in text
    assert "试用期一年" in text
    assert 'data-testid="seal"' in text
