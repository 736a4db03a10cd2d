"""Uploads of the candidate's file (evidence for an exception, materials): judged by their content, never by their
name or the browser's word, and stored under a generated name.

``clean_upload(upload, allowed, max_bytes)`` returns ``(content, kind)``: the bytes to store (an image decoded and
encoded again without its metadata, as the profile photo is in ``competition.registration.services.clean_photo``;
a PDF or an Office file as sent, once its structure is checked) and the kind found, or refuses with a
``FileRefused`` saying why. ``stored_name(kind)`` is the generated name; ``MEDIA_TYPES`` what a download declares.
"""

import io
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from core.exceptions import ActionRefused

KINDS = {
    "pdf": gettext_lazy("PDF"),
    "docx": gettext_lazy("Word document (.docx)"),
    "pptx": gettext_lazy("PowerPoint slides (.pptx)"),
    "jpg": gettext_lazy("JPEG image"),
    "png": gettext_lazy("PNG image"),
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# An Office file is a zip: what its main part is called tells a document from slides.
OFFICE_MAIN_PART = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_UNPACKED = 200 * 1024 * 1024  # a zip bomb unpacks to far more than its size
IMAGE_MAX_SIDE = 10_000


class FileRefused(ActionRefused):
    """An upload that is not what it claims or may be, too large, or of a kind not allowed here."""


def kinds_text(kinds) -> str:
    return "、".join(str(KINDS[kind]) for kind in kinds if kind in KINDS)


def _sniff_office(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES or sum(entry.file_size for entry in entries) > ZIP_MAX_UNPACKED:
                raise FileRefused(_("The file unpacks to too much; it is refused."))
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise FileRefused(_("Files with macros are not accepted; save it without macros (.docx, .pptx)."))
            for kind, part in OFFICE_MAIN_PART.items():
                if part in names:
                    return kind
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    return None


def sniff(data: bytes) -> str | None:
    """The kind of ``data`` by its content, or None when it is none of ours."""
    if data.startswith(b"%PDF-"):
        # A whole PDF ends with %%EOF (and perhaps a line break): a truncated one or a disguised script does not.
        return "pdf" if b"%%EOF" in data[-1024:] else None
    if data.startswith(b"PK\x03\x04"):
        return _sniff_office(data)
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def _clean_image(data: bytes, kind: str) -> bytes:
    target = "JPEG" if kind == "jpg" else "PNG"
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != target:
                raise FileRefused(_("The file is not the image it claims to be."))
            if max(image.size) > IMAGE_MAX_SIDE:
                raise FileRefused(_("The image is larger than %(n)s pixels on a side.") % {"n": IMAGE_MAX_SIDE})
            image.load()
            upright = ImageOps.exif_transpose(image)
            mode = "RGB" if target == "JPEG" or upright.mode not in ("RGB", "RGBA", "L", "LA") else upright.mode
            pixels = Image.frombytes(mode, upright.size, upright.convert(mode).tobytes())
    except FileRefused:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, EOFError):
        raise FileRefused(_("The image could not be read; it is damaged or not an image.")) from None
    output = io.BytesIO()
    pixels.save(output, format=target, **({"quality": 90} if target == "JPEG" else {}))
    return output.getvalue()


def clean_upload(upload: UploadedFile, allowed, max_bytes: int) -> tuple[ContentFile, str]:
    """The content to store and its kind, or ``FileRefused``."""
    if upload is None or not upload.size:
        raise FileRefused(_("Choose a file to upload."))
    if upload.size > max_bytes:
        raise FileRefused(_("The file is larger than %(mb)s MB.") % {"mb": round(max_bytes / (1024 * 1024), 1)})
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(_("The file is larger than %(mb)s MB.") % {"mb": round(max_bytes / (1024 * 1024), 1)})
    kind = sniff(data)
    if kind is None or kind not in allowed:
        raise FileRefused(_("Only these kinds of file are accepted here: %(kinds)s.") % {"kinds": kinds_text(allowed)})
    if kind in ("jpg", "png"):
        data = _clean_image(data, kind)
    return ContentFile(data), kind


def stored_name(kind: str) -> str:
    """A generated name: what the candidate called the file never reaches the file system."""
    return f"{uuid.uuid4().hex}.{kind}"


def original_name(upload: UploadedFile) -> str:
    """The name the candidate gave, for showing and for the download's name (never for storing)."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[-200:] or "file"
