"""Every public page is in the shared page cache's registry (``ui.cache``): it names the page
groups whose data it shows, so that a write to them makes it stale, and it declares every query
parameter it reads, so that none is dropped before the view sees it (a filter or a page number
the view never gets is silently ignored: the visitor sees page 1, unfiltered).

The public pages are the permission matrix's: every URL anyone may read
(``tests/permission_rules.py``, rule ``public``). A public URL that is not a cached page (a
download, a feed, a form) is listed in ``NOT_CACHED`` with the reason.
"""

import pytest
from django.http import QueryDict

from tests import permission_rules as rules
from ui import cache as page_cache

pytestmark = pytest.mark.django_db

# Public URLs the page cache leaves alone, and why.
NOT_CACHED = {
    "health": "the load balancer's check: must reach the database",
    "ping": "the benchmark's ceiling: must cost nothing, not even a cache read",
    "accounts:session": "the signed-in user's session: never the same for two visitors",
    "api:api-root": "Django REST framework's list of addresses: no data",
    "councils:directory-csv": "a download (ui.downloads), streamed",
    "councils:directory-json": "a download (ui.downloads), streamed",
    "councils:progress-csv": "a download (ui.downloads), streamed",
    "councils:progress-json": "a download (ui.downloads), streamed",
    "councils:signatories-feed": "an Atom feed, with its own conditional headers",
    "actions:download-csv": "a download (ui.downloads), streamed",
    "actions:download-json": "a download (ui.downloads), streamed",
    "actions:feed": "an Atom feed, with its own conditional headers",
    "open-data-zip": "the bulk ZIP, built and streamed per request",
    "partnerships:download-csv": "a download (ui.downloads), streamed",
    "partnerships:download-json": "a download (ui.downloads), streamed",
    "partnerships:meetings-ics": "an iCalendar feed",
    "partnerships:series-ics": "an iCalendar feed",
    "partnerships:meeting-paper": "a file, served as it is stored",
    "partnerships:report-csv": "a download of a frozen report",
    "partnerships:report-json": "a download of a frozen report",
    "consultations:responses-csv": "a download (ui.downloads), streamed",
    "toolkit:attachment": "a file, served as it is stored, as a download",
    "councils:meeting-pack-docx": "a Word document, made per request as a download",
}

# Query parameters a view asks for that it must not see: dropping them is the point.
NOT_READ = {
    # drf-spectacular asks for a language, an API version and a format; the portal has one
    # of each, so the schema is one document whatever the address says.
    "api:schema": {"format", "lang", "version"},
}


def _public_routes():
    found = []
    for route in rules.routes():
        rule = rules.rule_for(route)
        if rule is not None and rule.rule == "public" and rule.get == 200:
            found.append(route)
    return found


PUBLIC_ROUTES = _public_routes()


def test_every_public_page_is_in_a_page_group():
    missing = []
    for route in PUBLIC_ROUTES:
        page = page_cache.public_page_of(route.callback)
        if route.key in NOT_CACHED:
            assert page is None, f"{route.key} is cached: take it out of NOT_CACHED"
            continue
        if page is None:
            missing.append(route.key)
            continue
        assert page.groups, route.key
        assert page.groups <= set(page_cache.PAGE_GROUPS), route.key
        assert isinstance(page.reads, frozenset), route.key
    assert not missing, (
        "Public pages outside the page cache's registry: decorate their view with "
        "ui.cache.public_page(groups=[...], reads=[...]) or list them in NOT_CACHED with why: "
        f"{missing}"
    )
    assert set(NOT_CACHED) <= {route.key for route in PUBLIC_ROUTES}, "stale NOT_CACHED entry"


class _Recorder(QueryDict):
    """A query string that notes every parameter name the view asks it for."""

    asked: set

    def __bool__(self):  # a view that reads only a non-empty query (``GET or None``) reads it
        return True

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.asked.add(key)
        return super().getlist(key, default)

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with rules.dataset_for_module(django_db_blocker) as d:
        yield d


@pytest.mark.parametrize(
    "route",
    [r for r in PUBLIC_ROUTES if r.key not in NOT_CACHED],
    ids=lambda r: r.key,
)
def test_every_public_page_declares_the_query_parameters_it_reads(route, data, monkeypatch):
    """Render the page with a query string that records the names the view asks for: each must
    be in the page's ``reads`` (the cache gives the view only those)."""
    asked = set()
    original = page_cache._query_read

    def recording(query, reads):
        kept = _Recorder(original(query, reads).urlencode(), mutable=False)
        kept.asked = asked
        return kept

    monkeypatch.setattr(page_cache, "_query_read", recording)
    url = rules.build_url(route, lambda name, r: rules.kwarg_value(data, name, r))
    response = rules.client_for(data, "anon").get(url)
    assert response.status_code == 200, url
    reads = page_cache.public_page_of(route.callback).reads | NOT_READ.get(route.key, set())
    assert asked <= reads, f"{route.key} reads {sorted(asked - reads)} without declaring them"
