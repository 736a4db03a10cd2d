"""Score sheets never overwrite silently, and only the template's visible sheet is read (issue 14, point 5)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from competition.interviews import scoring, sheets
from competition.models import Score, ScoreCorrection
from tests.competition.interviews.test_sheet import filled

pytestmark = pytest.mark.django_db


def _online_score(session, panel, applications, value="70"):
    scoring.score_save(session_id=session.pk, application_id=applications[0].pk, value=value, by=panel[0].user)
    return Score.objects.get(session=session, examiner=panel[0], application=applications[0])


def test_a_sheet_that_changes_a_score_entered_online_is_refused_and_changes_nothing(office, started_session, panel, applications):
    online = _online_score(started_session, panel, applications)
    with pytest.raises(sheets.SheetInvalid) as refused:
        sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, value=80), by=office)
    assert any("70" in e.message and "correction" in e.message for e in refused.value.errors)
    assert Score.objects.filter(session=started_session).count() == 1
    online.refresh_from_db()
    assert online.value == Decimal("70")


def test_a_sheet_repeating_the_online_score_unchanged_is_accepted(office, started_session, panel, applications):
    _online_score(started_session, panel, applications, value="80")
    sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, value=80), by=office)
    assert not ScoreCorrection.objects.exists()
    assert Score.objects.filter(session=started_session).count() == len(panel) * len(applications)


def test_a_sheet_imported_as_a_correction_records_each_change_and_its_audit_row(office, started_session, panel, applications):
    online = _online_score(started_session, panel, applications)
    count = sheets.session_import_sheet(
        session_id=started_session.pk, file=filled(started_session, value=80), by=office,
        correction_reason="纸质评分表为准", client_address="10.0.0.9",
    )  # fmt: skip
    assert count == len(panel) * len(applications)
    online.refresh_from_db()
    assert online.value == Decimal("80")
    correction = ScoreCorrection.objects.get()
    assert (correction.score, correction.old_value, correction.new_value, correction.reason, correction.by) == (
        online, Decimal("70"), Decimal("80"), "纸质评分表为准", office,
    )  # fmt: skip
    audit = AuditEvent.objects.get(kind=AuditEvent.Kind.SCORE_CORRECTION)
    assert audit.detail["score"] == online.pk and audit.detail["source"] == "sheet" and audit.ip_address == "10.0.0.9"


def test_the_import_page_refuses_a_correction_without_a_reason(client, office, started_session, panel, applications):
    _online_score(started_session, panel, applications)
    client.force_login(office)
    url = reverse("interviews:session_import", args=[started_session.pk])
    response = client.post(url, {"sheet": filled(started_session, value=80), "correction": "on", "reason": ""})
    assert response.status_code == 400
    assert not ScoreCorrection.objects.exists()
    response = client.post(url, {"sheet": _named(filled(started_session, value=80)), "correction": "on", "reason": "笔误"})
    assert response.status_code == 302 and ScoreCorrection.objects.count() == 1


def _named(buffer):
    buffer.name = "sheet.xlsx"
    return buffer


def _with_extra_sheet(session, hidden):
    from openpyxl import load_workbook

    workbook = load_workbook(filled(session, value=80))
    extra = workbook.create_sheet("真实分数")
    extra.append(["x"])
    if hidden:
        extra.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(("hidden", "words"), [(True, "hidden"), (False, "exactly one sheet")])
def test_a_workbook_with_a_hidden_or_an_extra_sheet_is_refused(office, started_session, hidden, words):
    with pytest.raises(sheets.SheetInvalid) as refused:
        sheets.session_import_sheet(session_id=started_session.pk, file=_with_extra_sheet(started_session, hidden), by=office)
    assert words in refused.value.errors[0].message and "真实分数" in refused.value.errors[0].message
    assert not Score.objects.exists()


def test_a_workbook_whose_only_sheet_is_renamed_is_refused(office, started_session):
    def rename(sheet):
        sheet.title = "Sheet2"

    with pytest.raises(sheets.SheetInvalid, match="errors"):
        sheets.session_import_sheet(session_id=started_session.pk, file=filled(started_session, edit=rename), by=office)
