"""A CSV download that fails half way (the database goes away) ends with a row that says the
file is incomplete, and the error is raised again so that the server cuts the connection
(ui/downloads.py). tests/reliability/test_download_cut.py shows what a client of gunicorn
sees."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.factories import ActionItemFactory, ProgressReportFactory, SignedCouncilFactory
from ui import downloads

pytestmark = pytest.mark.django_db
INCOMPLETE = downloads.INCOMPLETE_ROW[0]


def _rows_then_outage(good: int):
    for n in range(good):
        yield [f"Council {n}", n]
    raise OperationalError("server closed the connection unexpectedly")


def read_until_error(response) -> tuple[str, BaseException | None]:
    """What the client received before the stream ended, and the error that ended it. The
    response is closed afterwards, as a WSGI server does (which closes the query's cursor)."""
    chunks = []
    try:
        for chunk in response.streaming_content:
            chunks.append(chunk)
    except Exception as error:  # noqa: BLE001 - the test looks at it
        return b"".join(chunks).decode("utf-8-sig"), error
    finally:
        response.close()
    return b"".join(chunks).decode("utf-8-sig"), None


@pytest.mark.parametrize("good", [0, 3, downloads.CSV_CHUNK_ROWS + 7])
def test_a_stream_that_fails_ends_with_a_row_saying_so_and_the_error(good):
    response = downloads.csv_response("x.csv", ["name", "n"], _rows_then_outage(good))
    text, error = read_until_error(response)
    assert isinstance(error, OperationalError)
    lines = text.splitlines()
    assert lines[0] == "name,n"
    assert len(lines) == good + 2  # every row read before the failure is there
    assert INCOMPLETE in lines[-1]


def test_a_stream_that_ends_well_has_no_such_row():
    response = downloads.csv_response("x.csv", ["name", "n"], iter([["A", 1], ["B", 2]]))
    text, error = read_until_error(response)
    assert error is None and INCOMPLETE not in text and text.splitlines()[-1] == "B,2"


@pytest.mark.parametrize(
    "name", ["councils:directory-csv", "councils:progress-csv", "actions:download-csv"]
)
def test_every_csv_download_fails_visibly_when_the_database_goes(anon_client, charter, name):
    council = SignedCouncilFactory(signed_version=charter)
    ProgressReportFactory(council=council, commitment=charter.commitments.first())
    ActionItemFactory()
    calls = {"n": 0}
    real = downloads.spreadsheet_safe

    def database_goes_after_a_few_cells(value):
        calls["n"] += 1
        if calls["n"] > 2:
            raise OperationalError("terminating connection due to administrator command")
        return real(value)

    response = anon_client.get(reverse(name))
    assert response.status_code == 200 and response.streaming
    with mock.patch.object(downloads, "spreadsheet_safe", database_goes_after_a_few_cells):
        text, error = read_until_error(response)
    assert isinstance(error, OperationalError), name
    assert INCOMPLETE in text.splitlines()[-1]
