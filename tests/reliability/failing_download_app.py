"""A WSGI application for tests/reliability/test_download_cut.py: ``ui.downloads.csv_response``
streaming 1,200 rows, after which "the database goes away", served by a real gunicorn."""

from django.conf import settings

if not settings.configured:
    settings.configure(DEFAULT_CHARSET="utf-8")

from django.db import OperationalError  # noqa: E402

from ui.downloads import csv_response  # noqa: E402

ROWS = 1_200


def _rows(fail: bool):
    for n in range(ROWS):
        yield [f"Council {n}", n]
    if fail:
        raise OperationalError("terminating connection due to administrator command")


def application(environ, start_response):
    response = csv_response("councils.csv", ["name", "n"], _rows(environ["PATH_INFO"] == "/fail"))
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return response
