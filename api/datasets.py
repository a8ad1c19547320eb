"""The bulk download: every public dataset as CSV and JSON in one ZIP, with a
``datapackage.json`` (Frictionless Data Package v1, https://specs.frictionlessdata.io/) that
describes each file's columns and states the licence.

The columns of the register's and the action plan's datasets are their schemas' ``BULK`` columns
(``councils/schemas.py``, ``actions/schemas.py``): the same definitions as the downloads and the
API, never a personal detail. Each dataset is read from plain values, streamed, so that a ZIP of
England's 221,760 progress reports is built in seconds, not minutes.

The ZIP is built on demand and kept (one file per host, in ``settings.PORTAL_BULK_DIR``) under the
shared cache's generation: the first request after a write builds a new one.
"""

import csv
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.urls import reverse

from actions.models import ActionItem, ActionUpdate
from actions.schemas import ACTION_ITEM, ACTION_UPDATE
from commitments.models import CharterVersion, Commitment, DataLicence, Principle, StrategicAim
from councils.models import Council, ProgressReport, Signature
from councils.schemas import COUNCIL, PROGRESS_REPORT, SIGNATURE
from councils.views.public import council_rows
from ui.downloads import spreadsheet_safe
from ui.records import BULK, Schema

ZIP_NAME = "charter-open-data.zip"


@dataclass(frozen=True)
class Dataset:
    """One file pair in the ZIP: ``<name>.csv`` and ``<name>.json``. ``columns`` is a record's
    schema (a ``ui.records.Schema``: its ``BULK`` columns, read when the ZIP is built) or a
    tuple of ``(name, Frictionless type, description)``; ``rows()`` yields lists in the order
    of ``fields``."""

    name: str
    title: str
    description: str
    columns: object
    rows: object  # callable() -> iterable of lists

    @property
    def fields(self) -> tuple:
        """``(name, Frictionless type, description)`` of each column, in order."""
        if isinstance(self.columns, Schema):
            return tuple((c.name, c.type, c.description) for c in self.columns.columns_for(BULK))
        return self.columns

    @property
    def field_names(self) -> list[str]:
        return [f[0] for f in self.fields]


def _records(queryset, lookups: dict, chunk_size: int):
    """Records (dicts by column name) from plain values: ``lookups`` maps each column to its
    ``values_list`` lookup. Streamed, no model instances."""
    names = list(lookups)
    for row in queryset.values_list(*lookups.values()).iterator(chunk_size=chunk_size):
        yield dict(zip(names, row, strict=True))


def _signature_records():
    lookups = {
        "id": "id",
        "council": "council__slug",
        "council_name": "council__name",
        "charter_version": "version__number",
        "resolution_date": "resolution_date",
        "minute_reference": "minute_reference",
        "minutes_url": "minutes_url",
        "authorised_by_role": "authorised_by_role",
        "on_paper": "on_paper",
        "withdrawn_on": "withdrawn_on",
        "withdrawal_reason": "withdrawal_reason",
    }
    queryset = Signature.objects.order_by("-resolution_date", "-pk")
    for record in _records(queryset, lookups, 2000):
        record["status"] = "withdrawn" if record["withdrawn_on"] else "signed"
        yield record


def _progress_records():
    lookups = {
        "id": "id",
        "council": "council__slug",
        "council_name": "council__name",
        "district": "council__district__name",
        "commitment": "commitment__key",
        "commitment_title": "commitment__title",
        "charter_version": "commitment__version__number",
        "period_year": "period_year",
        "period_quarter": "period_quarter",
        "status": "status",
        "what_we_did": "what_we_did",
        "evidence_links": "evidence_links",
        "not_applicable_reason": "not_applicable_reason",
        "updated_at": "updated_at",
    }
    queryset = ProgressReport.objects.order_by(
        "-period_year", "-period_quarter", "council__name", "commitment__order", "pk"
    )
    return _records(queryset, lookups, 5000)


def _action_records():
    for item in ActionItem.objects.public().for_plan():
        yield ACTION_ITEM.record(item, BULK)


def _update_records():
    lookups = {
        "id": "id",
        "item": "item__reference",
        "date": "date",
        "text": "text",
        "status_from": "status_from",
        "status_to": "status_to",
    }
    return _records(ActionUpdate.objects.public().newest_first(), lookups, 2000)


def _version_rows():
    return (
        CharterVersion.objects.public()
        .order_by("-number")
        .values_list("number", "title", "status", "published_on", "summary_of_changes", "source")
    )


def _section_rows():
    public = CharterVersion.objects.public()
    for aim in StrategicAim.objects.filter(version__in=public).select_related("version"):
        yield [
            aim.version.number,
            "strategic-aim",
            str(aim.number),
            aim.number,
            aim.title,
            aim.description,
        ]
    for model, kind in ((Principle, "principle"), (Commitment, "commitment")):
        for section in model.objects.filter(version__in=public).select_related("version"):
            yield [
                section.version.number,
                kind,
                section.key,
                section.order,
                section.title,
                "\n".join(section.statements),
            ]


def _s(name, description=""):
    return (name, "string", description)


DATASETS = (
    Dataset(
        COUNCIL.name,
        "Councils and their signatory status",
        "Every current council of the register, as the signatories directory's download.",
        COUNCIL,
        lambda: COUNCIL.csv_rows(
            council_rows(Council.objects.current().order_by("name", "pk")), BULK
        ),
    ),
    Dataset(
        SIGNATURE.name,
        "Signatures of the charter",
        "Each council's resolution to sign a version of the charter, and any withdrawal.",
        SIGNATURE,
        lambda: SIGNATURE.csv_rows(_signature_records(), BULK),
    ),
    Dataset(
        PROGRESS_REPORT.name,
        "Progress reports",
        "Councils' quarterly progress against each commitment.",
        PROGRESS_REPORT,
        lambda: PROGRESS_REPORT.csv_rows(_progress_records(), BULK),
    ),
    Dataset(
        ACTION_ITEM.name,
        "The action plan",
        "The working group's public action plan, as its download.",
        ACTION_ITEM,
        lambda: ACTION_ITEM.csv_rows(_action_records(), BULK),
    ),
    Dataset(
        ACTION_UPDATE.name,
        "Updates to the action plan",
        "Dated progress updates on public actions, with any change of status.",
        ACTION_UPDATE,
        lambda: ACTION_UPDATE.csv_rows(_update_records(), BULK),
    ),
    Dataset(
        "charter-versions",
        "Versions of the charter",
        "The published and superseded versions of the charter.",
        (
            ("number", "integer", ""),
            _s("title"),
            _s("status", "published or superseded"),
            ("published_on", "date", ""),
            _s("summary_of_changes"),
            _s("source"),
        ),
        _version_rows,
    ),
    Dataset(
        "charter-sections",
        "The charter's aims, principles and commitments",
        "Each section of each public version; statements separated by new lines.",
        (
            ("charter_version", "integer", ""),
            _s("kind", "strategic-aim, principle or commitment"),
            _s("key"),
            ("order", "integer", ""),
            _s("title"),
            _s("text"),
        ),
        _section_rows,
    ),
)


def datapackage(licence: DataLicence) -> dict:
    """The ZIP's ``datapackage.json``: the package, its licence and every file's columns."""
    resources = []
    for dataset in DATASETS:
        schema = {
            "fields": [
                {"name": n, "type": t, **({"description": d} if d else {})}
                for n, t, d in dataset.fields
            ]
        }
        for fmt, mediatype in (("csv", "text/csv"), ("json", "application/json")):
            resource = {
                "name": f"{dataset.name}-{fmt}",
                "title": dataset.title,
                "description": dataset.description,
                "path": f"{dataset.name}.{fmt}",
                "format": fmt,
                "mediatype": mediatype,
                "encoding": "utf-8",
                "schema": schema,
            }
            if fmt == "json":
                resource["description"] += ' The records are in "records".'
            resources.append(resource)
    return {
        "profile": "data-package",
        "name": "oxfordshire-councils-charter",
        "title": "Oxfordshire Councils Charter: open data",
        "homepage": f"{settings.SITE_URL}{reverse('open-data')}",
        "licenses": [{"name": "OGL-UK-3.0", "path": licence.url, "title": licence.name}],
        "attribution": licence.attribution,
        "resources": resources,
    }


def bulk_zip_write(fileobj, licence: DataLicence) -> None:
    """Write the whole bulk download (every dataset, CSV and JSON, and ``datapackage.json``)
    into ``fileobj`` (binary, seekable) as a ZIP."""
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(datapackage(licence), indent=1))
        metadata = licence.as_metadata()
        for dataset in DATASETS:
            with archive.open(f"{dataset.name}.csv", "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                writer.writerow(dataset.field_names)
                for row in dataset.rows():
                    writer.writerow([spreadsheet_safe(v) for v in row])
                text.flush()
                text.detach()
            with archive.open(f"{dataset.name}.json", "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                head = json.dumps({"dataset": dataset.name, "licence": metadata})[:-1]
                text.write(head + ', "records": [')
                names = dataset.field_names
                for n, row in enumerate(dataset.rows()):
                    record = json.dumps(dict(zip(names, row, strict=True)), cls=DjangoJSONEncoder)
                    text.write(("," if n else "") + "\n" + record)
                text.write("\n]}\n")
                text.flush()
                text.detach()


def bulk_zip_path(generation: str) -> Path:
    """The ZIP of this generation (letters and digits, from ``ui.cache.data_version()``),
    built now if this host has not built it yet. Older ZIPs are removed. Safe with several
    processes: each builds into a temporary file and renames it into place (atomic on one
    file system)."""
    folder = Path(settings.PORTAL_BULK_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    # The database's name too: copies of one database (the benchmark's, a restore) can start
    # with the same generation and then hold different data.
    database = hashlib.sha256(str(connection.settings_dict["NAME"]).encode()).hexdigest()[:8]
    path = folder / f"charter-open-data-{database}-{generation}.zip"
    if path.exists():
        return path
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".building-", suffix=".zip")
    try:
        with os.fdopen(fd, "wb") as out:
            bulk_zip_write(out, DataLicence.objects.current())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in folder.glob(f"charter-open-data-{database}-*.zip"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
