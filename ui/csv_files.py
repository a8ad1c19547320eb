"""Reading an uploaded or imported CSV file without surprises."""

import csv
import io


class CsvFileError(ValueError):
    pass


def csv_records(text: str) -> tuple[list[str], list[dict]]:
    """The column names (stripped) and every record of a CSV text, as dictionaries.

    Line breaks of any kind (``\\r``, ``\\n``, ``\\r\\n``) end a record or sit inside a quoted
    cell, as spreadsheets write them. A file the csv module cannot read raises CsvFileError
    naming the record, instead of a server error.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    records: list[dict] = []
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        records.extend(reader)
    except csv.Error as e:
        raise CsvFileError(f"line {len(records) + 2}: this is not a readable CSV file ({e})") from e
    return columns, records
