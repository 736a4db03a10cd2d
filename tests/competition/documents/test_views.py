"""Who may download which document, how it is named, and the audit row of each download; the settings pages."""

import io
from urllib.parse import unquote

import docx
import pytest
from django.urls import reverse

from audit.models import AuditEvent
from competition.models import DocumentTemplate, IssuerSettings, Unit
from tests.competition.documents.docx_text import pictures_in, text_of
from tests.factories import CandidateUserFactory

pytestmark = pytest.mark.django_db


def downloads(user):
    return AuditEvent.objects.filter(actor=user, kind=AuditEvent.Kind.PERSONAL_DATA_DOWNLOAD)


def test_the_application_form_anonymous_outsider_other_secretary_applicant_secretary_office(
    client, application, outsider, other_secretary, candidate, secretary, office
):
    url = reverse("documents:application_form", args=[application.pk])
    assert client.get(url).status_code == 302  # to the login
    for user in (outsider, other_secretary, CandidateUserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert not downloads(user).exists()
    for user in (candidate, secretary, office):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert "王小明" in text_of(content) and pictures_in(content) == 1
        assert downloads(user).filter(detail__download="application form (Word)").count() == 1


def test_the_approval_form_is_the_back_offices_not_the_candidates(client, decided, office, secretary, other_secretary):
    url = reverse("documents:approval_form", args=[decided.application_id])
    for user, status in ((other_secretary, 404), (secretary, 200), (office, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status
    applicant = CandidateUserFactory()
    client.force_login(applicant)
    assert client.get(url).status_code == 403


def test_a_download_is_named_by_campaign_unit_post_and_date(client, decided, office):
    client.force_login(office)
    response = client.get(reverse("documents:approval_form", args=[decided.application_id]))
    disposition = unquote(response["Content-Disposition"])
    post = decided.post
    assert disposition.startswith("attachment;")
    for part in ("干部任免审批表", post.campaign.name, post.unit.name, post.title, "王小明", ".docx"):
        assert part in disposition, part
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    docx.Document(io.BytesIO(response.content))  # opens


def test_the_notice_and_the_decision_record_for_the_back_office(client, decided, office, secretary, other_secretary, candidate):
    urls = [reverse("documents:publicity_notice", args=[decided.post_id]),
            reverse("documents:decision_record", args=[decided.pk])]
    for url in urls:
        client.force_login(other_secretary)
        assert client.get(url).status_code == 404
        client.force_login(candidate)
        assert client.get(url).status_code == 403
        client.force_login(secretary)
        assert client.get(url).status_code == 200
    assert downloads(secretary).count() == 2
    assert not downloads(other_secretary).exists()


def test_the_post_page_links_the_documents(client, decided, office):
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[decided.post_id])).content.decode()
    assert reverse("documents:approval_form", args=[decided.application_id]) in page
    assert reverse("documents:decision_record", args=[decided.pk]) in page


def test_the_template_page_is_the_offices(client, office, secretary):
    url = reverse("documents:templates")
    client.force_login(secretary)
    assert client.get(url).status_code == 403
    client.force_login(office)
    page = client.get(url).content.decode()
    assert "approval_form" in page and "proposed_post" in page


def test_an_uploaded_bad_template_is_refused_with_the_reason_on_the_page(client, office):
    document = docx.Document()
    document.add_paragraph("{{ name }} {{ nickname }}")
    out = io.BytesIO()
    document.save(out)
    out.name = "bad.docx"
    out.seek(0)
    client.force_login(office)
    response = client.post(reverse("documents:template_action"),
                           {"action": "upload", "kind": "approval_form", "template": out}, follow=True)
    assert "nickname" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_office_sets_the_issuing_bodies(client, office, secretary, unit):
    url = reverse("documents:issuers")
    client.force_login(secretary)
    assert client.post(url, {"department_name": "x"}).status_code == 403
    client.force_login(office)
    response = client.post(url, {"district_name": "宝山区", "department_name": "中共宝山区委组织部",
                                 "report_line": "12380", "visits_hours": "工作日",
                                 "publicity_basis": "《党政领导干部选拔任用工作条例》"})
    assert response.status_code == 302
    assert IssuerSettings.current().department_name == "中共宝山区委组织部"
    client.post(reverse("documents:unit_issuer", args=[unit.pk]), {"party_body": "中共罗店镇委员会", "short_code": "罗委"})
    unit = Unit.objects.get(pk=unit.pk)
    assert (unit.party_body, unit.short_code) == ("中共罗店镇委员会", "罗委")
    assert AuditEvent.objects.filter(actor=office, kind=AuditEvent.Kind.ADMIN_CHANGE).count() == 2
    assert client.post(reverse("documents:unit_issuer", args=[999999]), {"party_body": "x"}).status_code == 404


def test_the_basis_of_the_notice_names_each_rule_in_book_title_marks(client, office):
    client.force_login(office)
    response = client.post(reverse("documents:issuers"), {"department_name": "中共宝山区委组织部",
                                                          "publicity_basis": "党政领导干部选拔任用工作条例"}, follow=True)
    assert "《党政领导干部选拔任用工作条例》" in response.content.decode()  # the message shows how
    assert IssuerSettings.current().publicity_basis.startswith("《党政领导干部选拔任用工作条例》和")  # the default kept


def test_two_units_never_share_a_short_code_and_a_code_needs_its_body(client, office, unit):
    from tests.factories import UnitFactory

    other = UnitFactory(name="月浦镇", party_body="中共月浦镇委员会", short_code="月委")
    client.force_login(office)
    url = reverse("documents:unit_issuer", args=[unit.pk])
    page = client.post(url, {"party_body": "中共罗店镇委员会", "short_code": "月委"}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已有单位使用该发文简称" in page
    page = client.post(url, {"party_body": "", "short_code": "罗委"}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "请填写使用该发文简称的党组织" in page
    unit.refresh_from_db()
    assert unit.short_code == "" and Unit.objects.get(pk=other.pk).short_code == "月委"
    client.post(reverse("documents:unit_issuer", args=[other.pk]), {"party_body": "中共月浦镇委员会", "short_code": "月委"})
    assert Unit.objects.get(pk=other.pk).short_code == "月委"  # saving its own code again is no clash
