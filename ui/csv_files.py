"""Reading an uploaded or imported CSV file without surprises."""

import csv
import io

from .downloads import FORMULA_STARTS


class CsvFileError(ValueError):
    pass


def spreadsheet_unsafe(text: str) -> str:
    """Undo the formula guard of ``ui.downloads.spreadsheet_safe``: "'- Leaflets" gives back
    "- Leaflets", and "''=A1" gives "'=A1". Other text, apostrophes included ("'Tis"), is left
    as it is."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_records(text: str) -> tuple[list[str], list[dict]]:
    """The column names (stripped) and every record of a CSV text, as dictionaries.

    Line breaks of any kind (``\\r``, ``\\n``, ``\\r\\n``) end a record or sit inside a quoted
    cell, as spreadsheets write them. A file the csv module cannot read raises CsvFileError
    naming the record, instead of a server error. Every cell has the portal's formula guard
    undone (``spreadsheet_unsafe``), so a file downloaded from the portal uploads unchanged.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    records: list[dict] = []
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        for record in reader:
            records.append(
                {
                    name: spreadsheet_unsafe(value) if isinstance(value, str) else value
                    for name, value in record.items()
                }
            )
    except csv.Error as e:
        raise CsvFileError(f"line {len(records) + 2}: this is not a readable CSV file ({e})") from e
    return columns, records
