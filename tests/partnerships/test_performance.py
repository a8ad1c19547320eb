"""The register's public pages cost the same queries however many partnerships, risks, meetings
and scrutiny reviews there are (bench/ measures them at 1,000 partnerships and 20,000
meetings); long lists are shown 50 at a time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.models import ReportingPeriod
from partnerships.reports import report_freeze
from partnerships.services import scrutiny_review_save
from tests.factories import (
    CouncilFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    PartnershipFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # anything made once (sessions, the cache's generation) made already
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(n: int, council, first, series):
    """``n`` more partnerships (members, risks, a scrutiny review), meetings of ``series``."""
    start = timezone.now() + datetime.timedelta(days=1)
    for k in range(n):
        p = PartnershipFactory(
            member_councils=[council, CouncilFactory()],
            member_organisations=[OrganisationFactory()],
        )
        RiskFactory(partnership=first, is_public=True, likelihood=k % 5 + 1)
        MeetingFactory(series=series, starts_at=start + datetime.timedelta(days=k))
        scrutiny_review_save(
            by=first.updated_by,
            title=f"Scrutiny {p.pk}",
            programme_year=2026,
            scope="Governance",
            partnerships=[p, first],
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2027, 1, 31),
        )


def test_public_pages_cost_the_same_queries_at_two_sizes(anon_client, charter):
    council = CouncilFactory(name="Cherwell District Council", kind="district")
    first = PartnershipFactory(
        name="Cherwell Community Safety Partnership", member_councils=[council]
    )
    series = MeetingSeriesFactory(partnership=first)
    _grow(2, council, first, series)
    meeting = series.meetings.first()
    review = first.scrutiny_reviews.first()
    report = report_freeze(period=ReportingPeriod(2025, 1), today=datetime.date(2025, 10, 1))
    urls = [
        "/",
        "/partnerships/",
        "/partnerships/?level=thematic&statutory=no",
        f"/partnerships/?council={council.slug}",
        first.get_absolute_url(),
        council.get_absolute_url(),
        "/partnerships/meetings/",
        "/partnerships/meetings/?when=past",
        meeting.get_absolute_url(),
        series.get_absolute_url(),
        "/partnerships/scrutiny/",
        review.get_absolute_url(),
        "/partnerships/reports/",
        report.get_absolute_url(),
    ]
    small = {url: _queries(anon_client, url) for url in urls}
    _grow(12, council, first, series)
    report_freeze(period=ReportingPeriod(2025, 2), today=datetime.date(2026, 1, 1))
    large = {url: _queries(anon_client, url) for url in urls}
    assert large == small


def test_the_register_is_shown_fifty_a_page(anon_client):
    for _ in range(51):
        PartnershipFactory()
    first = anon_client.get("/partnerships/")
    assert len(first.context["partnerships"]) == 50
    assert "51 partnerships" in first.content.decode()
    assert len(anon_client.get("/partnerships/?page=2").context["partnerships"]) == 1
