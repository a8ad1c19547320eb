"""Uploaded files are checked by what they hold (ui.uploads)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ui.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("resolution.pdf", PDF, "application/pdf"),
        ("logo.png", PNG, "image/png"),
        (
            "template.docx",
            None,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("contacts.csv", b"name,email\nClerk,clerk@example.org\n", "text/csv"),
    ],
)
def test_allowed_files_pass(name, content, mime):
    assert validate_upload(upload(name, content if content is not None else docx_bytes())) == mime


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("drawing.svg", SVG, "kind"),  # SVG can hold a script: never accepted
        ("page.html", HTML, "kind"),
        ("run.exe", b"MZ\x90\x00", "kind"),
        ("no-extension", PDF, "kind"),
        ("drawing.pdf", SVG, "mislabelled"),  # an SVG named as a PDF
        ("page.pdf", HTML, "mislabelled"),
        ("photo.png", PDF, "mislabelled"),
        ("template.docx", PDF, "mislabelled"),
        ("notes.txt", HTML, "mislabelled"),  # HTML named as text
        ("notes.csv", SVG, "mislabelled"),
        ("data.csv", b"\xff\xfe\x00bad", "mislabelled"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_or_mislabelled_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content, "application/pdf"))
    assert error.value.code == code


def test_oversized_file_is_refused_with_the_limit(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", PDF + b"0" * 2000))
    assert error.value.code == "too-big"
    assert "smaller than 1.0\xa0KB" in error.value.messages[0]
