"""One definition per record: the CSV and JSON downloads, the bulk ZIP and the API take their
columns from the record's schema (councils/schemas.py, actions/schemas.py), so a column added
to a schema appears in all of them, and the contract they pin stays the schema's."""

import csv
import io
import json
import zipfile

import pytest

from actions.schemas import ACTION_ITEM, ACTION_UPDATE
from api import serializers
from api.datasets import DATASETS
from councils.schemas import COUNCIL, PROGRESS_REPORT, SIGNATURE
from tests.factories import ActionItemFactory, CouncilFactory, ProgressReportFactory, signatory
from ui.records import API, BULK, DOWNLOAD, Column

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bulk_dir(settings, tmp_path):
    settings.PORTAL_BULK_DIR = tmp_path / "bulk"


def _csv_header(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)))


def _bulk(client) -> zipfile.ZipFile:
    response = client.get("/data/charter-open-data.zip")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _with_column(monkeypatch, schema, column):
    monkeypatch.setattr(schema, "columns", (*schema.columns, column))


@pytest.mark.parametrize(
    ("serializer", "schema"),
    [
        (serializers.CouncilSerializer, COUNCIL),
        (serializers.SignatureSerializer, SIGNATURE),
        (serializers.ProgressReportSerializer, PROGRESS_REPORT),
        (serializers.ActionItemSerializer, ACTION_ITEM),
        (serializers.ActionUpdateSerializer, ACTION_UPDATE),
    ],
)
def test_each_serializers_fields_are_its_schemas_api_columns(serializer, schema):
    assert list(serializer().fields) == schema.names(API)


def test_each_bulk_dataset_of_a_record_has_its_schemas_bulk_columns():
    by_name = {d.name: d for d in DATASETS}
    for schema in (COUNCIL, SIGNATURE, PROGRESS_REPORT, ACTION_ITEM, ACTION_UPDATE):
        assert by_name[schema.name].field_names == schema.names(BULK)
        described = {f[0]: f[1:] for f in by_name[schema.name].fields}
        assert described == {c.name: (c.type, c.description) for c in schema.columns_for(BULK)}


def test_a_column_added_to_the_action_items_schema_is_in_every_output(
    monkeypatch, anon_client, charter
):
    ActionItemFactory(title="Hold a forum", is_public=True)
    _with_column(monkeypatch, ACTION_ITEM, Column("title_length", get=lambda i, _: len(i.title)))

    assert _csv_header(anon_client.get("/actions/plan.csv"))[-1] == "title_length"
    action = anon_client.get("/actions/plan.json").json()["actions"][0]
    assert list(action)[-1] == "title_length" and action["title_length"] == 12
    api = anon_client.get("/api/v1/action-items/").json()["results"][0]
    assert api["title_length"] == 12
    archive = _bulk(anon_client)
    rows = list(csv.reader(io.StringIO(archive.read("action-items.csv").decode("utf-8-sig"))))
    assert rows[0][-1] == "title_length" and rows[1][-1] == "12"
    package = json.loads(archive.read("datapackage.json"))
    described = next(r for r in package["resources"] if r["path"] == "action-items.csv")
    assert described["schema"]["fields"][-1] == {"name": "title_length", "type": "string"}


def test_a_column_added_to_the_progress_reports_schema_is_in_the_downloads_and_the_api(
    monkeypatch, anon_client, charter
):
    council = CouncilFactory(name="Adderbury Parish Council")
    signatory(council, charter)
    ProgressReportFactory(council=council, commitment=charter.commitments.first())
    _with_column(
        monkeypatch,
        PROGRESS_REPORT,
        Column("council_kind", get=lambda r, _: r.council.kind, outputs=frozenset({DOWNLOAD, API})),
    )

    assert _csv_header(anon_client.get("/councils/progress/reports.csv"))[-1] == "council_kind"
    report = anon_client.get("/councils/progress/reports.json").json()["progress_reports"][0]
    assert report["council_kind"] == council.kind
    api = anon_client.get("/api/v1/progress-reports/").json()["results"][0]
    assert api["council_kind"] == council.kind
    # Not asked for in the bulk ZIP: not there.
    archive = _bulk(anon_client)
    header = archive.read("progress-reports.csv").decode("utf-8-sig").splitlines()[0]
    assert "council_kind" not in header


def test_a_column_added_to_the_councils_schema_is_in_the_directorys_json_and_the_api(
    monkeypatch, anon_client
):
    CouncilFactory(name="Adderbury Parish Council", slug="adderbury")
    _with_column(monkeypatch, COUNCIL, Column("initial", get=lambda c, _: c.name[0]))

    council = anon_client.get("/councils/download/signatories.json").json()["councils"][0]
    assert list(council)[-1] == "initial" and council["initial"] == "A"
    assert anon_client.get("/api/v1/councils/adderbury/").json()["initial"] == "A"


def test_the_fast_readers_give_every_column_of_their_schema(charter):
    """The directory's CSV and the bulk ZIP read plain values, not model instances (for
    England's size): each reader gives exactly its schema's columns, so a column added to a
    schema without its reader fails here, not half way through a download."""
    from api import datasets
    from councils.models import Council
    from councils.views.public import council_rows
    from tests.factories import ActionUpdateFactory

    council = CouncilFactory(name="Adderbury Parish Council")
    signatory(council, charter)
    ProgressReportFactory(council=council, commitment=charter.commitments.first())
    ActionUpdateFactory(item=ActionItemFactory(is_public=True))

    assert list(next(council_rows(Council.objects.all()))) == COUNCIL.names(DOWNLOAD)
    for schema, records in (
        (SIGNATURE, datasets._signature_records),
        (PROGRESS_REPORT, datasets._progress_records),
        (ACTION_UPDATE, datasets._update_records),
    ):
        assert set(next(iter(records()))) == set(schema.names(BULK)), schema.name
