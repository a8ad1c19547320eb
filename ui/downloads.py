"""CSV and JSON downloads, safe to open in a spreadsheet, and never complete-looking when they
are not.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by
Excel or LibreOffice as a formula (CSV injection); such cells get a leading apostrophe (OWASP,
"CSV Injection"). The guard is undone when a file is uploaded again
(``ui.csv_files.spreadsheet_unsafe``), so that a download then upload changes nothing: text
that itself begins with apostrophes before such a character gets one more, so that undoing it
gives the text back exactly.

A CSV download is streamed: its status (200) and headers have left before the last row is read.
If reading fails half way (the database goes away), the stream ends with a last row that says
the file is incomplete (``INCOMPLETE_ROW``), and then the error is raised again, so that the
server (gunicorn) cuts the connection without the end of its chunked encoding: browsers, curl
and download managers report a failed download instead of saving a file that looks complete.
"""

import csv
import datetime
import json
import logging
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.views.generic import View

from .records import DOWNLOAD

logger = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK_ROWS = 500
INCOMPLETE_ROW = [
    "THIS FILE IS INCOMPLETE: the download failed before the end. Download it again, or "
    "contact the policy team if it fails again."
]


def spreadsheet_safe(value) -> str:
    """The text of one CSV cell: ``None`` empty, booleans "yes"/"no", dates ISO 8601, and text
    a spreadsheet would take for a formula behind an apostrophe ("- Leaflets" gives
    "'- Leaflets"). ``ui.csv_files.spreadsheet_unsafe`` is its inverse on text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def _state_licence(response, licence) -> None:
    """The licence in the response's metadata: an HTTP ``Link`` header, ``rel="license"``."""
    if licence is not None:
        response["Link"] = licence.link_header()


def csv_response(
    filename: str, header: list[str], rows: Iterable[Iterable], *, licence=None
) -> StreamingHttpResponse:
    """Stream ``rows`` (each an iterable of cell values, in the order of ``header``) as CSV:
    UTF-8 with a byte-order mark, so Excel reads accents right. An error while reading
    ``rows`` ends the file with ``INCOMPLETE_ROW`` and is raised again (see the module's
    docstring).
    ``licence`` (a ``commitments.models.DataLicence``) is stated in a ``Link`` header: a CSV
    file has no room for it without breaking its columns."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        # Rows go out in chunks of a few hundred, not one write each (performance).
        chunk = []
        try:
            for row in rows:
                chunk.append(writer.writerow([spreadsheet_safe(v) for v in row]))
                if len(chunk) >= CSV_CHUNK_ROWS:
                    yield "".join(chunk)
                    chunk = []
        except Exception:
            logger.exception("The download %s failed after it had started", filename)
            yield "".join(chunk) + writer.writerow(INCOMPLETE_ROW)
            raise  # the server cuts the connection: see the module's docstring
        if chunk:
            yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _state_licence(response, licence)
    return response


def json_response(filename: str, data, *, licence=None) -> HttpResponse:
    """``data`` as a JSON file. With ``licence`` (a ``commitments.models.DataLicence``), a dict
    gets a ``"licence"`` member first (``{"name", "url", "attribution"}``) and the response a
    ``Link`` header."""
    if licence is not None and isinstance(data, dict):
        data = {"licence": licence.as_metadata(), **data}
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _state_licence(response, licence)
    return response


def filter_error_response(filterset) -> HttpResponse | None:
    """A 400 in plain text naming each filter of ``filterset`` (a bound django-filter
    ``FilterSet``) that makes no sense and why, for a download asked with bad filters; None
    when the filters are valid or none were given."""
    if not filterset.is_bound or filterset.form.is_valid():
        return None
    errors = "\n".join(
        f"{filterset.form[name].label}: {' '.join(messages)}"
        for name, messages in filterset.form.errors.items()
    )
    return HttpResponse(
        f"The download could not be made: a filter makes no sense.\n{errors}\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


class RecordDownloadView(View):
    """A filtered list of records as a CSV (streamed) or JSON file, its columns from
    ``schema`` (a ``ui.records.Schema``; its ``DOWNLOAD`` columns). A view sets ``schema``,
    ``filename`` (without extension), ``json_key`` (the JSON member holding the records) and
    ``kind`` ("csv" or "json", given in the URLconf), and has ``get_filterset()`` (a
    django-filter ``FilterSet``) and ``get_download_queryset()``; ``get_licence()`` gives a
    ``commitments.models.DataLicence`` to state, or None. Bad filters are refused with a 400
    that names them (``filter_error_response``). Addresses in the records are absolute on the
    host asked."""

    schema = None
    filename = ""
    json_key = ""
    kind = "csv"

    def get_download_queryset(self):
        raise NotImplementedError

    def get_licence(self):
        return None

    def get(self, request, *args, **kwargs):
        if (refused := filter_error_response(self.get_filterset())) is not None:
            return refused
        site_url = request.build_absolute_uri("/").rstrip("/")
        records = (
            self.schema.record(obj, DOWNLOAD, site_url=site_url)
            for obj in self.get_download_queryset()
        )
        licence = self.get_licence()
        if self.kind == "json":
            return json_response(
                f"{self.filename}.json", {self.json_key: list(records)}, licence=licence
            )
        return csv_response(
            f"{self.filename}.csv",
            self.schema.names(DOWNLOAD),
            self.schema.csv_rows(records),
            licence=licence,
        )
