"""Files uploaded to the portal: checked by what they hold, not by their name, and served only
as downloads.

``validate_upload`` accepts a file only if its extension is one of ``ALLOWED`` and its first
bytes are that kind of file (read by the ``filetype`` library's signatures: a PDF starts with
``%PDF-``, a Word document is a ZIP holding ``word/``, ...); a text file (CSV, TXT) must be
UTF-8 text. So an SVG (which can hold a script), an HTML page or a program renamed ``.pdf`` is
refused, as is anything over ``settings.PORTAL_UPLOAD_MAX_BYTES``. ``attachment_response``
serves a stored file as a download (``Content-Disposition: attachment``) with the type checked
at upload and ``X-Content-Type-Options: nosniff``, so that a browser never shows it inline as
a page.
"""

import mimetypes
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat

# Extension -> the type its content must be (the MIME type served).
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "txt": "text/plain",
}
TEXT_TYPES = frozenset({"text/csv", "text/plain"})
ALLOWED_NAMES = (
    "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS), PNG, JPEG, "
    "CSV or TXT"
)


def max_bytes() -> int:
    return settings.PORTAL_UPLOAD_MAX_BYTES


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_upload(upload) -> str:
    """Check an uploaded file (a Django ``UploadedFile``); return its MIME type.

    Raises ``ValidationError`` (a message for the person, naming the file) when the file is
    empty, over ``PORTAL_UPLOAD_MAX_BYTES``, of a kind not in ``ALLOWED``, or when its content
    is not what its extension says. The file is read from its start and left there.
    """
    name = PurePath(upload.name or "file").name
    if upload.size == 0:
        raise ValidationError(f"The selected file {name} is empty", code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            f"The selected file {name} must be smaller than {filesizeformat(max_bytes())}",
            code="too-big",
        )
    expected = ALLOWED.get(_extension(name))
    if expected is None:
        raise ValidationError(
            f"The selected file {name} must be a {ALLOWED_NAMES} file", code="kind"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if expected in TEXT_TYPES:
        actual = expected if _is_text(upload) else None
    else:
        kind = filetype.guess(head)
        actual = kind.mime if kind else None
    if actual != expected:
        raise ValidationError(
            f"The selected file {name} is not the kind of file its name says: "
            f"save it again as a {_extension(name).upper()} file and upload that",
            code="mislabelled",
        )
    return expected


def _is_text(upload) -> bool:
    """UTF-8 text with no NUL bytes, and no markup a browser would run if it sniffed it."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    lowered = text[:1024].lstrip().lower()
    return not lowered.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))


def attachment_response(file, *, filename: str) -> FileResponse:
    """``file`` (a stored ``FieldFile``) as a download named ``filename``, with the type its
    extension allows and ``nosniff`` (``application/octet-stream`` if it is not allowed)."""
    content_type = ALLOWED.get(_extension(filename)) or "application/octet-stream"
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def guess_type(name: str) -> str:
    return ALLOWED.get(_extension(name)) or mimetypes.guess_type(name)[0] or ""
