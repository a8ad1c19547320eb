"""PostgreSQL stopped under a running portal: gunicorn answers a clear "service
unavailable" page (503, Retry-After) while the database is down, never a 500, and serves again,
without a restart, once it is back; nothing is half-written.

The test database cannot be stopped (the other tests use it), so this test starts a PostgreSQL
cluster of its own from the binaries scripts/test uses, copies the test database into it with
the test's data, serves it with gunicorn, and stops and starts it.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import CouncilRoleFactory

from .server import (
    Browser,
    Gunicorn,
    PostgresCluster,
    database_url,
    postgres_binaries,
    session_cookie,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cluster(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (scripts/test starts one)")
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    with PostgresCluster(binaries) as cluster:
        yield cluster


def test_database_stopped_and_started_under_gunicorn(cluster, council, signing):
    clerk = CouncilRoleFactory(council=council).user
    cookie = session_cookie(clerk)
    cluster.copy_database(database_url(connection.settings_dict), "portal")
    pages = ["/", reverse("councils:directory"), council.get_absolute_url(), "/health/"]

    with Gunicorn(
        database_url=cluster.url("portal"), secret_key=settings.SECRET_KEY, workers=2
    ) as portal:
        anon = Browser(portal.url)
        clerk_browser = Browser(portal.url, cookies={"sessionid": cookie})
        for path in pages:
            assert anon.get(path).status == 200, path
        assert clerk_browser.get(signing.form).status == 200
        assert clerk_browser.post(signing.form, signing.answers).location == signing.check
        assert clerk_browser.get(signing.check).status == 200

        cluster.stop()  # -m fast: every connection is cut
        for _ in range(2):  # each worker at least once (one connection per request)
            for path in pages:
                response = anon.get(path)
                assert response.status == 503, (path, response.status, response.text[:300])
                assert response.headers["retry-after"] == "30"
                assert "Sorry, the service is unavailable" in response.text
                assert "Traceback" not in response.text
            # A signed-in clerk: the session itself cannot be read.
            assert clerk_browser.get(council.get_absolute_url()).status == 503
            assert clerk_browser.post(signing.check).status == 503  # "Sign": not recorded
        # What needs no database still works: the ceiling and the stylesheet.
        assert anon.get("/ping/").status == 200
        assert anon.get("/static/build/portal.css").status == 200

        cluster.start()  # the same gunicorn, not restarted
        log_before = len(portal.log())
        for _ in range(3):
            for path in pages:
                assert anon.get(path).status == 200, path
        signed = clerk_browser.post(signing.check)
        assert (signed.status, signed.location) == (302, council.get_absolute_url())
        assert "Traceback" not in portal.log()[log_before:], portal.log()[log_before:]

    # Nothing half-written: one signature (the one answered with success), the council's
    # status, its history and its email all with it.
    query = cluster.psql
    assert query("portal", "SELECT count(*) FROM councils_signature") == "1"
    assert query("portal", "SELECT count(*) FROM councils_historicalsignature") == "1"
    assert query("portal", "SELECT status FROM councils_council") == "signed"  # the only one
    assert query("portal", "SELECT count(*) FROM councils_outgoingemail") == "1"
