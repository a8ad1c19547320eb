"""A download then upload round trip changes nothing: the formula guard of the downloads is
undone when a file is read back."""

import pytest

from ui.csv_files import csv_records, spreadsheet_unsafe
from ui.downloads import spreadsheet_safe


@pytest.mark.parametrize(
    "text",
    [
        "- Leaflets to every household",
        "=HYPERLINK(evil)",
        "+44 1865 000000",
        "@mention",
        "\tindented",
        "'- already quoted",
        "''=two apostrophes",
        "'Tis the season",
        "plain text",
        "",
        "'",
    ],
)
def test_the_guard_is_undone_exactly(text):
    assert spreadsheet_unsafe(spreadsheet_safe(text)) == text


def test_the_guard_still_stops_formulas():
    assert spreadsheet_safe("- Leaflets") == "'- Leaflets"
    assert spreadsheet_safe("'=A1") == "''=A1"
    assert spreadsheet_safe("'Tis") == "'Tis"


def test_csv_records_undo_the_guard_in_every_cell():
    columns, records = csv_records("a,b\n'- one,'Tis\n")
    assert columns == ["a", "b"]
    assert records == [{"a": "- one", "b": "'Tis"}]
