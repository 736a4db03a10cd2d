"""Replacing a template: checked by rendering the sample first; a bad one is refused with the reason."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from competition.documents import contexts, kinds, services
from competition.models import DocumentTemplate
from tests.competition.documents.docx_text import text_of

pytestmark = pytest.mark.django_db


def word(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(content: bytes, name="审批表.docx"):
    return SimpleUploadedFile(name, content)


def test_a_template_that_renders_the_sample_replaces_the_default(office, decided):
    services.template_replace(
        kind=kinds.APPROVAL_FORM, upload=upload(word("本单位审批表", "{{ name }}，拟任{{ proposed_post }}")), by=office
    )
    text = text_of(services.render_document(kinds.APPROVAL_FORM, contexts.approval_form_context(decided.application)))
    assert "本单位审批表" in text and "王小明，拟任" in text
    assert AuditEvent.objects.filter(actor=office, kind=AuditEvent.Kind.ADMIN_CHANGE, target__contains="approval_form").exists()


def test_a_template_with_a_syntax_error_is_refused_with_the_reason(office):
    with pytest.raises(services.TemplateRefused, match="Syntax error"):
        services.template_replace(kind=kinds.APPROVAL_FORM, upload=upload(word("{{ name }")), by=office)
    assert not DocumentTemplate.objects.exists()


def test_a_template_with_an_unknown_field_is_refused_naming_it(office):
    with pytest.raises(services.TemplateRefused, match="Unknown field in the template: salary"):
        services.template_replace(kind=kinds.APPROVAL_FORM, upload=upload(word("{{ name }} {{ salary }}")), by=office)
    with pytest.raises(services.TemplateRefused, match="Unknown field in the template: fax"):
        services.template_replace(kind=kinds.APPROVAL_FORM, upload=upload(word("{{ issuer.fax }}")), by=office)
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_a_word_document_is_refused(office):
    with pytest.raises(services.TemplateRefused, match="not a Word document"):
        services.template_replace(kind=kinds.CERTIFICATE, upload=upload(b"%PDF-1.4 not word", "x.docx"), by=office)


def test_a_template_reaching_beyond_its_fields_is_refused_by_the_sandbox(office):
    with pytest.raises(services.TemplateRefused):
        services.template_replace(
            kind=kinds.CERTIFICATE, upload=upload(word("{{ name.__class__.__mro__ }}")), by=office
        )


def test_a_refused_template_leaves_the_one_in_use(office):
    services.template_replace(kind=kinds.CERTIFICATE, upload=upload(word("第一版 {{ name }}")), by=office)
    with pytest.raises(services.TemplateRefused):
        services.template_replace(kind=kinds.CERTIFICATE, upload=upload(word("{% if %}")), by=office)
    assert "第一版" in text_of(services.template_content(kinds.CERTIFICATE))


def test_back_to_the_default(office):
    services.template_replace(kind=kinds.CERTIFICATE, upload=upload(word("第一版 {{ name }}")), by=office)
    services.template_reset(kind=kinds.CERTIFICATE, by=office)
    assert services.template_content(kinds.CERTIFICATE) == kinds.KINDS[kinds.CERTIFICATE].default_path.read_bytes()


def test_only_the_office_replaces_templates(secretary, candidate):
    for user in (secretary, candidate):
        with pytest.raises(PermissionDenied):
            services.template_replace(kind=kinds.CERTIFICATE, upload=upload(word("{{ name }}")), by=user)


def test_two_uploads_of_one_kind_keep_one_row(office):
    for version in ("一", "二"):
        services.template_replace(kind=kinds.CERTIFICATE, upload=upload(word(f"第{version}版 {{{{ name }}}}")), by=office)
    assert DocumentTemplate.objects.filter(kind=kinds.CERTIFICATE).count() == 1
    assert "第二版" in text_of(services.template_content(kinds.CERTIFICATE))
