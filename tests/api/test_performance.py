"""The open data's queries do not grow with the data (as tests/test_performance_pages.py for
the pages): each API list and record, the badge, the certificate and the "Data and API" page
cost the same queries with a few records and with many more (bench/ measures them at the size
of England)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilCodeFactory,
    CouncilFactory,
    DistrictFactory,
    ProgressReportFactory,
    signatory,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/",
    "/api/v1/councils/",
    "/api/v1/councils/?status=signed&sort=-signed",
    "/api/v1/councils/?district=district-0",
    "/api/v1/councils/adderbury-parish-council/",
    "/api/v1/signatures/",
    "/api/v1/progress-reports/",
    "/api/v1/progress-reports/?commitment=communication",
    "/api/v1/action-items/",
    "/api/v1/action-items/?overdue=yes&status=on-track",
    "/api/v1/action-items/A-1/",
    "/api/v1/action-updates/",
    "/api/v1/charter-versions/",
    "/api/v1/charter-versions/1/",
    "/councils/adderbury-parish-council/badge.svg",
    "/councils/adderbury-parish-council/certificates/1/",
    "/councils/adderbury-parish-council/",
    "/data/",
]


def _grow(charter, n: int, start: int) -> None:
    commitments = list(charter.commitments.all())
    for i in range(start, start + n):
        district = DistrictFactory(name=f"District {i}", slug=f"district-{i}")
        council = CouncilFactory(name=f"Council {i}", district=district)
        CouncilCodeFactory(council=council)
        signatory(council, charter)
        for commitment in commitments:
            ProgressReportFactory(council=council, commitment=commitment)
        item = ActionItemFactory(
            commitments=commitments[:2], status="on-track", lead_council=council
        )
        ActionUpdateFactory(item=item)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_open_data_costs_the_same_queries_as_it_grows(anon_client, charter):
    adderbury = CouncilFactory(name="Adderbury Parish Council")
    signatory(adderbury, charter)
    _grow(charter, 2, 0)
    small = {url: _queries(anon_client, url) for url in URLS}
    _grow(charter, 8, 2)
    large = {url: _queries(anon_client, url) for url in URLS}
    assert large == small
    # What a list costs: the licence, the count, the page, and its prefetches; no query per row.
    assert small["/api/v1/councils/"] <= 5
    assert small["/councils/adderbury-parish-council/badge.svg"] <= 2
