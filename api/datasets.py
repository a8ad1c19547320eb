"""The bulk download: every public dataset as CSV and JSON in one ZIP, with a
``datapackage.json`` (Frictionless Data Package v1, https://specs.frictionlessdata.io/) that
describes each file's columns and states the licence.

The columns are those of the portal's own downloads where there is one (the directory's
``RECORD_FIELDS``, the action plan's ``DOWNLOAD_HEADER``), and the same public fields as the API
elsewhere: never a personal detail. Each dataset is read from plain values, streamed, so that a
ZIP of England's 221,760 progress reports is built in seconds, not minutes.

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
from actions.views.public import DOWNLOAD_HEADER, download_row
from commitments.models import CharterVersion, Commitment, DataLicence, Principle, StrategicAim
from councils.models import Council, ProgressReport, Signature
from councils.views.public import RECORD_FIELDS, council_rows
from ui.downloads import spreadsheet_safe

ZIP_NAME = "charter-open-data.zip"


@dataclass(frozen=True)
class Dataset:
    """One file pair in the ZIP: ``<name>.csv`` and ``<name>.json``. ``fields`` are
    ``(name, Frictionless type, description)``; ``rows()`` yields lists in that order."""

    name: str
    title: str
    description: str
    fields: tuple
    rows: object  # callable() -> iterable of lists

    @property
    def field_names(self) -> list[str]:
        return [f[0] for f in self.fields]


def _signature_rows():
    values = Signature.objects.order_by("-resolution_date", "-pk").values_list(
        "id",
        "council__slug",
        "council__name",
        "version__number",
        "resolution_date",
        "minute_reference",
        "minutes_url",
        "authorised_by_role",
        "on_paper",
        "withdrawn_on",
        "withdrawal_reason",
    )
    for row in values.iterator(chunk_size=2000):
        yield [*row[:9], "withdrawn" if row[9] else "signed", *row[9:]]


def _progress_rows():
    values = ProgressReport.objects.order_by(
        "-period_year", "-period_quarter", "council__name", "commitment__order", "pk"
    ).values_list(
        "id",
        "council__slug",
        "council__name",
        "council__district__name",
        "commitment__key",
        "commitment__title",
        "commitment__version__number",
        "period_year",
        "period_quarter",
        "status",
        "what_we_did",
        "evidence_links",
        "not_applicable_reason",
        "updated_at",
    )
    for row in values.iterator(chunk_size=5000):
        row = list(row)
        row[11] = " ".join(row[11] or [])
        yield row


def _action_rows():
    site_url = settings.SITE_URL
    for item in ActionItem.objects.public().for_plan():
        row = download_row(item, site_url)
        yield [row[h] for h in DOWNLOAD_HEADER]


def _update_rows():
    return (
        ActionUpdate.objects.public()
        .newest_first()
        .values_list("id", "item__reference", "date", "text", "status_from", "status_to")
        .iterator(chunk_size=2000)
    )


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
        "councils",
        "Councils and their signatory status",
        "Every current council of the register, as the signatories directory's download.",
        (
            _s("name"),
            _s("page", "The council's page on the portal"),
            _s("gss_codes", "ONS GSS codes, separated by semicolons"),
            _s("kind", "county, district, city, town, parish or parish-meeting"),
            ("kind_confirmed", "boolean", "Whether the kind is confirmed"),
            _s("district"),
            _s("website"),
            _s("status", "not-signed, invited, signed or withdrawn"),
            ("signed_on", "date", "When the council signed (signatories)"),
            ("charter_version", "integer", "The charter version signed"),
        ),
        lambda: council_rows(Council.objects.current().order_by("name", "pk")),
    ),
    Dataset(
        "signatures",
        "Signatures of the charter",
        "Each council's resolution to sign a version of the charter, and any withdrawal.",
        (
            ("id", "integer", ""),
            _s("council", "The council's slug"),
            _s("council_name"),
            ("charter_version", "integer", ""),
            ("resolution_date", "date", "The date of the council's resolution"),
            _s("minute_reference"),
            _s("minutes_url", "The published minutes"),
            _s("authorised_by_role", "The role (not the name) of who authorised it"),
            ("on_paper", "boolean", "Received on paper"),
            _s("status", "signed or withdrawn"),
            ("withdrawn_on", "date", ""),
            _s("withdrawal_reason"),
        ),
        _signature_rows,
    ),
    Dataset(
        "progress-reports",
        "Progress reports",
        "Councils' quarterly progress against each commitment.",
        (
            ("id", "integer", ""),
            _s("council", "The council's slug"),
            _s("council_name"),
            _s("district"),
            _s("commitment", "The commitment's stable key"),
            _s("commitment_title"),
            ("charter_version", "integer", ""),
            ("period_year", "integer", "The year of the quarter reported on"),
            ("period_quarter", "integer", "The quarter (1: January to March)"),
            _s("status"),
            _s("what_we_did"),
            _s("evidence_links", "Links separated by spaces"),
            _s("not_applicable_reason"),
            ("updated_at", "datetime", ""),
        ),
        _progress_rows,
    ),
    Dataset(
        "action-items",
        "The action plan",
        "The working group's public action plan, as its download.",
        tuple(
            (name, {"overdue": "boolean"}.get(name, "string"), "")
            if name not in ("start_date", "due_date", "last_update")
            else (name, "date", "")
            for name in DOWNLOAD_HEADER
        ),
        _action_rows,
    ),
    Dataset(
        "action-updates",
        "Updates to the action plan",
        "Dated progress updates on public actions, with any change of status.",
        (
            ("id", "integer", ""),
            _s("item", "The action's reference"),
            ("date", "date", ""),
            _s("text"),
            _s("status_from"),
            _s("status_to"),
        ),
        _update_rows,
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

assert DATASETS[0].field_names == RECORD_FIELDS  # one definition of the directory's columns


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
