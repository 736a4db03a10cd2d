"""The office downloads a post's approval form and its selection record (纪实) from the post page and replaces a
template, in the browser."""

import datetime
import io
from pathlib import Path

import docx
import pytest

from competition.models import DocumentTemplate
from competition.publicity import services as publicity
from tests.competition.documents.conftest import fill_profile
from tests.competition.documents.docx_text import pictures_in, text_of
from tests.competition.stages import decide, published
from tests.factories import OfficeUserFactory, SecretaryFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_the_office_downloads_the_approval_form_and_a_bad_template_is_refused(journey, tmp_path):
    unit = UnitFactory(name="罗店镇", party_body="中共罗店镇委员会")
    office_user = OfficeUserFactory(username="office", full_name="竞岗办王主任")
    secretary = SecretaryFactory(username="luodian", secretary_of=unit)
    post, notice = published(unit, office_user, secretary)
    fill_profile(notice.application.person)
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    decide(post, office_user, present_agree=6, absent=1)

    office = journey("office", language="zh-CN")
    office.login("office", PASSWORD)
    page = office.go(f"/office/posts/{post.pk}/")
    office.shot("post-with-documents")
    panel = page.locator("[data-testid=panel-documents]")
    assert "Word文书" in panel.inner_text()
    with page.expect_download() as info:
        panel.locator("[data-testid=approval-form]").click()
    download = info.value
    assert download.suggested_filename.startswith("干部任免审批表-") and download.suggested_filename.endswith(".docx")
    content = Path(download.path()).read_bytes()
    text = text_of(content)
    assert "王小明" in text and "中共罗店镇委员会（盖章）" in text and f"{unit.name}{post.title}" in text
    assert pictures_in(content) == 1

    # The selection record (纪实): from the post page to its page, then its Word version.
    page.locator("[data-testid=post-record]").click()
    page.wait_for_load_state()
    office.shot("selection-record")
    record = page.locator("main").inner_text()
    assert notice.application.person.name in record and post.title in record
    with page.expect_download() as info:
        page.locator("[data-testid=record-docx]").click()
    download = info.value
    assert download.suggested_filename.startswith(f"选拔纪实-{post.campaign.name}-{unit.name}-") and download.suggested_filename.endswith(".docx")
    text = text_of(Path(download.path()).read_bytes())
    assert notice.application.person.name in text and post.title in text

    # A replacement with a field the approval form does not have is refused, naming it.
    document = docx.Document()
    document.add_paragraph("{{ name }} {{ salary }}")
    bad = tmp_path / "审批表.docx"
    out = io.BytesIO()
    document.save(out)
    bad.write_bytes(out.getvalue())
    page = office.go("/documents/templates/")
    page.locator("select[name=kind]").select_option("approval_form")
    page.locator("input[name=template]").set_input_files(str(bad))
    page.locator("[data-testid=template-upload] button[type=submit]").click()
    page.wait_for_load_state()
    office.shot("template-refused")
    assert "模板中有未知字段：salary" in page.locator("main").inner_text()
    assert not DocumentTemplate.objects.exists()
    assert office.console_errors == []
