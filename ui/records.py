"""One schema per record that leaves or enters the portal: its columns, how each is written in a
CSV file and in JSON, how it is read back from a CSV cell, and the model field it is checked
against.

A ``Schema`` is a list of ``Column``\\ s. Each column says which of the record's outputs it is in
(``DOWNLOAD``: the page's CSV and JSON downloads; ``BULK``: the bulk ZIP of open data; ``API``:
the read-only API's fields; ``UPLOAD``: a CSV file the policy team uploads), so that the one
definition gives every output its columns in one order. The downloads, the bulk ZIP, the API's
serializers and the uploads all read their columns from their record's schema
(``councils/schemas.py``, ``actions/schemas.py``, ``partnerships/schemas.py``): adding a column
is one line there.

A record is a dict of JSON values keyed by column name (``Schema.record`` builds it from a model
instance; the fast downloads build it from plain ``values_list`` rows); a CSV row is the record's
values in the schema's order, each written by its column's ``csv`` (a list joined by ";", say)
and then made safe for a spreadsheet by ``ui.downloads.csv_response``.

Why not django-import-export: its resources build whole files in memory from model instances,
where the portal streams England's 221,760 progress reports from plain values in constant
memory, and it would bring its own admin screens where the services own every write.

This module imports no app: the schemas live with their models.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

DOWNLOAD = "download"
BULK = "bulk"
API = "api"
UPLOAD = "upload"
EVERY_OUTPUT = frozenset({DOWNLOAD, BULK, API})


def _same(value):
    return value


@dataclass(frozen=True)
class Column:
    """One column of a record.

    ``name``: its CSV header and JSON key. ``get(instance, context)``: its JSON value from a
    model instance (``context["site_url"]`` makes an address absolute; None when only fast
    rows or the API's serializer give the value). ``csv(value)``: the
    value as a CSV cell (before the spreadsheet guard; a list joined, say; the value unchanged
    by default). ``type`` and ``description``: its Frictionless Data field (``string``,
    ``integer``, ``boolean``, ``date``, ``datetime``; https://specs.frictionlessdata.io/
    table-schema/). ``parse(text)``: a CSV cell read back (stripped text by default), which
    may raise ``ValidationError``. ``field``: the model field the parsed value is checked
    against (its ``clean``: type, length, validators). ``outputs``: where the column appears.
    ``required``: an upload without the column is refused."""

    name: str
    get: Callable[[Any], Any] | None = None
    csv: Callable[[Any], Any] = _same
    type: str = "string"
    description: str = ""
    parse: Callable[[str], Any] | None = None
    field: str | None = None
    outputs: frozenset = EVERY_OUTPUT
    required: bool = False

    def frictionless(self) -> dict:
        """The column as a Frictionless Data field: ``{"name", "type", "description"?}``."""
        return {
            "name": self.name,
            "type": self.type,
            **({"description": self.description} if self.description else {}),
        }


@dataclass
class Schema:
    """A record's columns (see the module's docstring). ``model``: the Django model whose
    fields validate an upload (None for a record that is never uploaded)."""

    name: str
    columns: tuple[Column, ...]
    model: Any = None
    title: str = ""
    description: str = ""

    def __post_init__(self):
        if len({c.name for c in self.columns}) != len(self.columns):
            raise ValueError(f"the schema {self.name} names a column twice")

    def __getitem__(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def columns_for(self, output: str) -> list[Column]:
        """The columns in ``output`` (``DOWNLOAD``, ``BULK``, ``API``, ``UPLOAD``), in order."""
        return [c for c in self.columns if output in c.outputs]

    def names(self, output: str) -> list[str]:
        """The column names of ``output``, in order: a CSV's header, a JSON record's keys, a
        serializer's ``Meta.fields``."""
        return [c.name for c in self.columns_for(output)]

    def record(self, instance, output: str = DOWNLOAD, *, site_url: str | None = None) -> dict:
        """The JSON record of a model instance for ``output``: ``{name: value}`` in order.
        ``site_url`` (``https://host``, no trailing slash; ``settings.SITE_URL`` by default)
        makes the portal's addresses absolute."""
        context = {"site_url": settings.SITE_URL if site_url is None else site_url}
        return {c.name: c.get(instance, context) for c in self.columns_for(output)}

    def csv_row(self, record: dict, output: str = DOWNLOAD) -> list:
        """A record's CSV cells for ``output``, in the header's order (before the
        spreadsheet guard, which ``ui.downloads.csv_response`` applies)."""
        return [c.csv(record[c.name]) for c in self.columns_for(output)]

    def csv_rows(self, records: Iterable[dict], output: str = DOWNLOAD):
        """``csv_row`` of each record, lazily (the downloads stream)."""
        columns = self.columns_for(output)
        for record in records:
            yield [c.csv(record[c.name]) for c in columns]

    def frictionless(self, output: str = BULK) -> dict:
        """The Frictionless Data table schema of ``output``: ``{"fields": [...]}``."""
        return {"fields": [c.frictionless() for c in self.columns_for(output)]}

    def missing_columns(self, header: Iterable[str], output: str = UPLOAD) -> list[str]:
        """The required columns of ``output`` that ``header`` (an uploaded file's column
        names) lacks."""
        given = set(header)
        return [c.name for c in self.columns_for(output) if c.required and c.name not in given]

    def parse(self, raw: dict, output: str = UPLOAD) -> tuple[dict, dict[str, list[str]]]:
        """Read one uploaded CSV record (``{column: text}``, the formula guard already undone
        by ``ui.csv_files.csv_records``): each column of ``output`` present in ``raw`` is
        parsed (its ``parse``, else the text stripped) and checked against its model field
        (``Field.clean``: type, length, validators such as an email address's). Returns the
        values ``{name: value}`` and the problems ``{name: [message, ...]}``."""
        values, errors = {}, {}
        for column in self.columns_for(output):
            if column.name not in raw:
                continue
            text = (raw[column.name] or "").strip()
            try:
                value = column.parse(text) if column.parse else text
                if column.field and self.model is not None and value not in ("", None):
                    value = self.model._meta.get_field(column.field).clean(value, None)
            except ValidationError as error:
                errors[column.name] = list(error.messages)
                continue
            values[column.name] = value
        return values, errors
