import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competition.models import Campaign
from reports.importer import SHEETS
from reports.models import ExportJob

from .archive import upload, workbook_bytes
from .test_importer import valid_sheets

pytestmark = pytest.mark.django_db


def dashboard_url(known_campaign):
    return reverse("reports:dashboard", args=[known_campaign.campaign.pk])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, known_campaign):
    for url in [reverse("reports:index"), dashboard_url(known_campaign), reverse("reports:import")]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("persona", ["candidate", "outsider"])
def test_a_candidate_or_an_outsider_may_not_see_reports(client, known_campaign, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in [reverse("reports:index"), dashboard_url(known_campaign), reverse("reports:import_template")]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("reports:export_start"), {"kind": "roster"}).status_code == 403


def test_the_office_sees_the_whole_campaign_with_charts(client, known_campaign, office):
    client.force_login(office)
    response = client.get(dashboard_url(known_campaign))
    assert response.status_code == 200
    assert response.context["stats"]["posts_released"] == 4
    html = response.content.decode()
    assert html.count("<svg") == 5
    assert "<script>" not in html.split('src="')[0]  # no inline script


def test_a_unit_secretary_sees_their_own_units_part(client, known_campaign, secretary):
    client.force_login(secretary)
    response = client.get(dashboard_url(known_campaign))
    assert response.status_code == 200
    assert response.context["stats"]["unit"] == known_campaign.a.name
    assert response.context["stats"]["registrations"] == 6
    workbook = load_workbook(io.BytesIO(b"".join(client.get(reverse("reports:statistics_download", args=[known_campaign.campaign.pk])).streaming_content)))
    values = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert known_campaign.a.name in values


def test_a_secretary_may_not_see_another_units_internal_campaign(client, known_campaign, secretary, other_unit):
    internal = Campaign.objects.create(name="财政局内部竞岗", kind="internal", unit=other_unit)
    client.force_login(secretary)
    assert client.get(reverse("reports:dashboard", args=[internal.pk])).status_code == 404


def test_an_export_runs_and_offers_its_download_to_its_requester_only(
    client, known_campaign, secretary, other_secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_start"), {"kind": "results", "campaign": known_campaign.campaign.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:export_detail", args=[job.pk])
    assert job.unit == known_campaign.a
    page = client.get(response.url)
    assert b"<progress" in page.content and reverse("reports:export_download", args=[job.pk]).encode() in page.content
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert download.status_code == 200
    client.force_login(other_secretary)
    assert client.get(reverse("reports:export_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_an_export_needs_a_post(client, office):
    client.force_login(office)
    assert client.get(reverse("reports:export_start")).status_code == 405


def test_only_the_office_imports(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("reports:import")).status_code == 403
    assert client.post(reverse("reports:import"), {"file": workbook_bytes(valid_sheets())}).status_code == 403


def test_the_office_downloads_the_template_and_imports_an_archive(client, office):
    client.force_login(office)
    template = load_workbook(io.BytesIO(b"".join(client.get(reverse("reports:import_template")).streaming_content)))
    assert template.sheetnames == list(SHEETS)
    response = upload(client, workbook_bytes(valid_sheets()))
    assert response.status_code == 200 and response.context["summary"].campaigns == 1
    assert response.context["job"].status == "done" and not response.context["job"].file


def test_an_archive_with_errors_lists_them_and_imports_nothing(client, office):
    client.force_login(office)
    sheets = valid_sheets()
    sheets["人员"][0][2] = "X"
    response = upload(client, workbook_bytes(sheets))
    assert response.status_code == 200 and response.context["job"].status == "refused"
    assert [(i.sheet, i.row, i.column) for i in response.context["issues"]] == [("人员", 2, "性别")]
    assert not Campaign.objects.exists()


def test_an_upload_that_is_not_xlsx_gets_a_message(client, office):
    client.force_login(office)
    upload = io.BytesIO(b"a,b")
    upload.name = "archive.csv"
    response = client.post(reverse("reports:import"), {"file": upload})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_a_running_export_page_refreshes_itself_without_script(client, office):
    job = ExportJob.objects.create(kind="roster", requested_by=office, status="running", done=250, total=1000)
    client.force_login(office)
    html = client.get(reverse("reports:export_detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in html
    assert 'value="25"' in html
    assert reverse("reports:export_download", args=[job.pk]) not in html
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404


def test_the_dashboard_of_a_campaign_without_a_decision_yet_shows_dashes(client, office):
    from tests.factories import ApplicationFactory, post_in_state

    post = post_in_state("interview")
    ApplicationFactory(post=post)
    client.force_login(office)
    response = client.get(reverse("reports:dashboard", args=[post.campaign_id]))
    assert response.status_code == 200
    assert response.context["stats"]["cohort"]["after"] is None
    assert "–" in response.content.decode()


def test_the_import_error_page_shows_id_numbers_masked(client, office):
    from core.sealed import mask_id_number

    from .test_importer import ID2

    client.force_login(office)
    sheets = valid_sheets()
    sheets["人员"].append(list(sheets["人员"][1]))
    html = upload(client, workbook_bytes(sheets)).content.decode()
    assert mask_id_number(ID2) in html
    assert ID2 not in html
