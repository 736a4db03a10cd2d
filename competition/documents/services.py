"""Rendering the office's Word documents, and replacing their templates (checked by rendering the sample first)."""

import io
import re
import zipfile
from typing import Any

import jinja2
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from accounts import rules as roles
from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from competition.models import DocumentTemplate, IssuerSettings, Unit
from core.exceptions import ActionRefused

from .contexts import Picture
from .kinds import KINDS

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# A .docx is a zip: what it unpacks to is bounded too (a small file may expand to gigabytes).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateRefused(ActionRefused):
    pass


def _environment() -> jinja2.Environment:
    # A replaced template is code written by the office: the sandbox keeps it to the context's plain values, and a
    # field the context lacks is an error (StrictUndefined), not a blank on a printed form.
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def _prepare(template: DocxTemplate, value: Any) -> Any:
    """Pictures become inline images of this template; text with line breaks keeps them (docxtpl's Listing)."""
    if isinstance(value, Picture):
        return InlineImage(template, io.BytesIO(value.data), width=Mm(value.width_mm))
    if isinstance(value, str) and "\n" in value:
        return Listing(value)
    if isinstance(value, dict):
        return {key: _prepare(template, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_prepare(template, item) for item in value]
    return value


def render_bytes(content: bytes, context: dict[str, Any]) -> bytes:
    template = DocxTemplate(io.BytesIO(content))
    template.render(_prepare(template, context), jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def template_content(kind: str) -> bytes:
    """The office's template of ``kind`` if it replaced it, the default otherwise."""
    replaced = DocumentTemplate.objects.filter(kind=kind).values_list("content", flat=True).first()
    return bytes(replaced) if replaced is not None else KINDS[kind].default_path.read_bytes()


def render_document(kind: str, context: dict[str, Any]) -> bytes:
    return render_bytes(template_content(kind), context)


# --- Replacing a template ---


def check_template(kind: str, content: bytes) -> None:
    """Refuse a template that is not a Word document or does not render the kind's sample, saying why."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise TemplateRefused(_("The file is not a Word document (.docx).")) from None
    if "word/document.xml" not in names:
        raise TemplateRefused(_("The file is not a Word document (.docx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise TemplateRefused(_("The document unpacks to more than 50 MB."))
    try:
        render_bytes(content, KINDS[kind].sample())
    except jinja2.TemplateSyntaxError as error:
        raise TemplateRefused(_("Syntax error in the template: %(error)s") % {"error": error.message}) from None
    except jinja2.UndefinedError as error:
        match = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", str(error))
        field = (match.group(2) or match.group(1)) if match else str(error)
        raise TemplateRefused(
            _("Unknown field in the template: %(field)s. The fields are listed on this page.") % {"field": field}
        ) from None
    except SecurityError:
        raise TemplateRefused(_("The template uses something only fields may be used for.")) from None
    except Exception as error:  # a damaged document, a wrong loop: whatever it is, the template is not kept
        raise TemplateRefused(
            _("The template could not be rendered (%(error)s).") % {"error": type(error).__name__}
        ) from None


def _require_office(by: User) -> None:
    if not roles.is_office(by):
        raise PermissionDenied


@transaction.atomic
def template_replace(*, kind: str, upload: UploadedFile, by: User) -> DocumentTemplate:
    """Keep the office's template of ``kind`` in place of the current one, once it renders the sample."""
    _require_office(by)
    if kind not in KINDS:
        raise TemplateRefused(_("Unknown document."))
    if upload.size is None or upload.size > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(_("The template is larger than 5 MB."))
    content = upload.read()
    check_template(kind, content)
    name = (upload.name or "template.docx")[-200:]
    # Two uploads at once: the unique kind makes the second an update of the first's row, never a second row.
    template, _created = DocumentTemplate.objects.update_or_create(
        kind=kind, defaults={"content": content, "original_name": name, "uploaded_by": by}
    )
    audit_record(kind=AuditEvent.Kind.ADMIN_CHANGE, user=by, target=f"document template {kind}", what="replaced", file=name)
    return template


@transaction.atomic
def template_reset(*, kind: str, by: User) -> None:
    """Go back to the default template of ``kind``."""
    _require_office(by)
    if kind not in KINDS:
        raise TemplateRefused(_("Unknown document."))
    DocumentTemplate.objects.filter(kind=kind).delete()
    audit_record(kind=AuditEvent.Kind.ADMIN_CHANGE, user=by, target=f"document template {kind}", what="reset")


def docx_response(content: bytes, name: str) -> HttpResponse:
    """A .docx download (as an attachment, under ``name``, which may be Chinese: RFC 6266's filename*)."""
    response = HttpResponse(content, content_type=DOCX_MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def file_name(*parts: str) -> str:
    """A download's name from its parts (campaign, unit, post, person, date), safe on every system."""
    text = "-".join(part for part in (str(p).strip() for p in parts) if part)
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text)[:150] + ".docx"


# --- The issuing bodies (settings) ---

ISSUER_FIELDS = (
    "district_name", "department_name", "report_phone", "report_line", "report_website",
    "letters_address", "letters_postcode", "visits_address", "visits_hours", "publicity_basis",
)


@transaction.atomic
def issuer_settings_save(*, fields: dict[str, Any], by: User) -> IssuerSettings:
    """Save the district's issuing bodies and reporting channels (one row, locked while it changes)."""
    _require_office(by)
    IssuerSettings.objects.get_or_create(pk=1)
    settings = IssuerSettings.objects.select_for_update(of=("self",)).get(pk=1)
    for name in ISSUER_FIELDS:
        if name in fields:
            setattr(settings, name, fields[name])
    settings.updated_by = by
    settings.full_clean()
    settings.save()
    audit_record(kind=AuditEvent.Kind.ADMIN_CHANGE, user=by, target=settings, what="issuer settings")
    return settings


@transaction.atomic
def unit_issuer_save(*, unit_id: int, party_body: str, short_code: str, by: User) -> Unit:
    """Set a unit's Party body and its short code for document numbers."""
    _require_office(by)
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=unit_id)
    unit.party_body, unit.short_code = party_body.strip(), short_code.strip()
    if unit.short_code and not unit.party_body:
        raise ActionRefused(_("Give the Party body whose documents carry this short code."))
    try:
        unit.full_clean(exclude=["name"])
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None
    unit.save(update_fields=["party_body", "short_code"])
    audit_record(kind=AuditEvent.Kind.ADMIN_CHANGE, user=by, target=unit, what="unit issuing body")
    return unit
