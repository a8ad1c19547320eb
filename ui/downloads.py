"""CSV and JSON downloads, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by
Excel or LibreOffice as a formula (CSV injection); such cells get a leading apostrophe.
"""

import csv
import datetime
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK_ROWS = 500


def spreadsheet_safe(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
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
    """Stream rows as CSV (UTF-8 with a byte-order mark, so Excel reads accents right).
    ``licence`` (a ``commitments.models.DataLicence``) is stated in a ``Link`` header: a CSV
    file has no room for it without breaking its columns."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        # Rows go out in chunks of a few hundred, not one write each (issue 8: performance).
        chunk = []
        for row in rows:
            chunk.append(writer.writerow([spreadsheet_safe(v) for v in row]))
            if len(chunk) >= CSV_CHUNK_ROWS:
                yield "".join(chunk)
                chunk = []
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
