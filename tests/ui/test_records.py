"""The schema of a record (ui/records.py): columns per output in one order, CSV cells, the
Frictionless fields, and an uploaded record parsed and checked against the model's field."""

import pytest

from councils.models import Council
from ui.records import API, BULK, DOWNLOAD, UPLOAD, Column, Schema

SCHEMA = Schema(
    name="things",
    model=Council,
    columns=(
        Column("slug", get=lambda c, _: c.slug, outputs=frozenset({API, UPLOAD}), required=True),
        Column("codes", get=lambda c, _: ["E1", "E2"], csv=";".join, description="GSS codes"),
        Column(
            "page",
            get=lambda c, ctx: f"{ctx['site_url']}/councils/{c.slug}/",
            outputs=frozenset({DOWNLOAD}),
        ),
        Column("contact_email", field="contact_email", outputs=frozenset({UPLOAD})),
        Column("kind", parse=str.lower, field="kind", outputs=frozenset({UPLOAD})),
    ),
)


def test_each_output_has_its_columns_in_the_schemas_order():
    assert SCHEMA.names(DOWNLOAD) == ["codes", "page"]
    assert SCHEMA.names(API) == ["slug", "codes"]
    assert SCHEMA.names(BULK) == ["codes"]
    assert SCHEMA.names(UPLOAD) == ["slug", "contact_email", "kind"]


def test_a_record_its_csv_row_and_its_frictionless_fields():
    council = Council(slug="adderbury")
    record = SCHEMA.record(council, site_url="https://example.org")
    assert record == {"codes": ["E1", "E2"], "page": "https://example.org/councils/adderbury/"}
    assert SCHEMA.csv_row(record) == ["E1;E2", "https://example.org/councils/adderbury/"]
    assert list(SCHEMA.csv_rows([record, record])) == [SCHEMA.csv_row(record)] * 2
    assert SCHEMA.frictionless(BULK) == {
        "fields": [{"name": "codes", "type": "string", "description": "GSS codes"}]
    }


def test_a_record_addresses_default_to_the_sites_address(settings):
    settings.SITE_URL = "https://charter.example"
    assert SCHEMA.record(Council(slug="x"))["page"] == "https://charter.example/councils/x/"


def test_an_upload_names_its_missing_required_columns():
    assert SCHEMA.missing_columns(["contact_email"]) == ["slug"]
    assert SCHEMA.missing_columns(["slug"]) == []


def test_an_uploaded_record_is_parsed_and_checked_against_the_models_fields():
    values, errors = SCHEMA.parse(
        {"slug": " x ", "contact_email": " a@example.org ", "kind": "TOWN"}
    )
    assert values == {"slug": "x", "contact_email": "a@example.org", "kind": "town"}
    assert errors == {}
    values, errors = SCHEMA.parse({"contact_email": "not an address", "kind": "hamlet"})
    assert set(errors) == {"contact_email", "kind"}
    assert "Enter a valid email address." in errors["contact_email"]
    assert "not a valid choice" in errors["kind"][0]
    assert "kind" not in values


def test_a_schema_names_each_column_once():
    with pytest.raises(ValueError, match="twice"):
        Schema(name="twice", columns=(Column("a"), Column("a")))
