"""The weekly link check (councils/services/links.py): every minutes and evidence link asked
(HEAD, then GET), its last working time recorded; a broken link shown to the council's clerks at
once and on the public page after two failed checks. A local HTTP server, never the internet."""

import http.server
import threading
import time

import pytest
from django.urls import reverse

from councils.models import LinkCheck, Signature
from councils.scheduled_tasks import links_check_task
from councils.services.links import link_ask, links_check_all
from councils.services.status import council_status_refresh
from tests.factories import ProgressReportFactory, SignatureFactory

pytestmark = pytest.mark.django_db

BROKEN = {"/gone"}  # what the server answers 404 to; tests change it


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, body: bool):
        if self.path == "/slow":
            time.sleep(2)
        if self.path in BROKEN:
            self.send_response(404)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings):
    """A local website; its base address."""
    settings.PORTAL_LINK_CHECK_ALLOW_PRIVATE = True
    settings.PORTAL_LINK_CHECK_DELAY = 0
    settings.PORTAL_LINK_CHECK_TIMEOUT = 1
    BROKEN.clear()
    BROKEN.add("/gone")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_asking_a_link(site, settings):
    assert link_ask(f"{site}/ok") == ""
    assert link_ask(f"{site}/no-head") == ""  # HEAD refused, GET works
    assert link_ask(f"{site}/gone") == "HTTP 404"
    assert "timed out" in link_ask(f"{site}/slow")
    assert link_ask("file:///etc/passwd") == "not a web address"
    settings.PORTAL_LINK_CHECK_ALLOW_PRIVATE = False
    assert link_ask(f"{site}/ok") == "not a public address"  # never probes our own network


def test_a_broken_link_is_shown_to_clerks_then_in_public(
    site, council, clerk_client, anon_client, charter
):
    SignatureFactory(council=council, version=charter, minutes_url=f"{site}/gone")
    council_status_refresh(council=council)
    ProgressReportFactory(
        council=council,
        commitment=charter.commitments.first(),
        evidence_links=[f"{site}/ok", f"{site}/no-head"],
    )
    tasks_page = reverse("councils:progress-tasks", kwargs={"slug": council.slug})

    run = links_check_all()
    assert (run.checked, run.working, run.broken) == (3, 2, 1)
    check = LinkCheck.objects.get(url=f"{site}/gone")
    assert (check.failures, check.last_error, check.last_working_at) == (1, "HTTP 404", None)
    working = LinkCheck.objects.get(url=f"{site}/ok")
    assert working.failures == 0 and working.last_working_at

    assert f"{site}/gone" in clerk_client.get(tasks_page).content.decode()
    public = anon_client.get(council.get_absolute_url()).content.decode()
    assert "Link not working since" not in public  # one failure: not yet

    links_check_all()
    public = anon_client.get(council.get_absolute_url()).content.decode()
    assert public.count("Link not working since") == 1

    # Mended: the next check clears it everywhere.
    BROKEN.clear()
    links_check_task.enqueue()
    check.refresh_from_db()
    assert check.failures == 0 and check.failing_since is None and check.last_working_at
    assert (
        "Link not working since" not in anon_client.get(council.get_absolute_url()).content.decode()
    )
    assert f"{site}/gone" not in clerk_client.get(tasks_page).content.decode()


def test_checks_of_links_no_longer_published_are_forgotten(site, council, charter):
    SignatureFactory(council=council, version=charter, minutes_url=f"{site}/gone")
    links_check_all()
    assert LinkCheck.objects.count() == 1
    Signature.objects.update(minutes_url="")
    links_check_all()
    assert not LinkCheck.objects.exists()
