"""What a client of gunicorn sees when a streamed CSV download fails half way (ui/downloads.py):
the rows so far, a last row saying the file is incomplete, and a connection cut before the end
of the chunked encoding, which HTTP clients report as an error, never a complete file."""

import http.client
import subprocess
import sys
import time

import pytest

from .server import ROOT, free_port

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn")


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.reliability.failing_download_app",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "critical",
        ],  # fmt: skip
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    return connection.getresponse()


def test_a_download_that_fails_is_an_error_for_the_client(server):
    response = _get(server, "/fail")
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    received = cut.value.partial.decode("utf-8-sig")
    assert received.startswith("name,n\r\n")
    assert "Council 1199,1199" in received
    assert "THIS FILE IS INCOMPLETE" in received.splitlines()[-1]


def test_a_download_that_ends_well_is_complete(server):
    text = _get(server, "/ok").read().decode("utf-8-sig")
    assert text.splitlines()[-1] == "Council 1199,1199"
