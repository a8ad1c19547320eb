"""What councils did: a public, searchable library of progress reports across all councils,
filtered by commitment, status, kind of council, district and quarter; each entry links to
the council and its evidence; the queries do not grow with the reports."""

from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import ReportingPeriod
from tests.factories import CouncilFactory, DistrictFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db
URL = "/councils/what-councils-did/"


@pytest.fixture
def reports(charter):
    communication = charter.commitments.get(key="communication")
    other = charter.commitments.exclude(key="communication").first()
    north = DistrictFactory(name="Cherwell")
    south = DistrictFactory(name="South Oxfordshire")
    previous = ReportingPeriod.current().previous()
    return {
        "newsletter": ProgressReportFactory(
            council=CouncilFactory(name="Adderbury Parish Council", district=north),
            commitment=communication,
            what_we_did="Started a quarterly newsletter.",
            evidence_links=["https://adderbury.example.org/newsletter"],
        ),
        "benches": ProgressReportFactory(
            council=CouncilFactory(name="Thame Town Council", kind="town", district=south),
            commitment=other,
            status="embedded",
            what_we_did="Asked the café owners about the new benches.",
            period_year=previous.year,
            period_quarter=previous.quarter,
        ),
        "silent": ProgressReportFactory(
            council=CouncilFactory(name="Bloxham Parish Council", district=north),
            commitment=communication,
            status="not-started",
            what_we_did="",
        ),
    }


def _names(response):
    return [r.council.name for r in response.context["reports"]]


def test_every_report_that_says_what_was_done_newest_first(anon_client, reports):
    response = anon_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert _names(response) == ["Adderbury Parish Council", "Thame Town Council"]
    assert 'href="/councils/adderbury-parish-council/#progress"' in html
    assert 'href="https://adderbury.example.org/newsletter"' in html


@pytest.mark.parametrize(
    "query, names",
    [
        ("commitment=communication", ["Adderbury Parish Council"]),
        ("status=embedded", ["Thame Town Council"]),
        ("kind=town", ["Thame Town Council"]),
        ("district=cherwell", ["Adderbury Parish Council"]),
        (f"period={ReportingPeriod.current().previous().slug}", ["Thame Town Council"]),
        (f"period={ReportingPeriod.current().label}", ["Adderbury Parish Council"]),
        ("q=newsletter", ["Adderbury Parish Council"]),
        ("q=café+benches", ["Thame Town Council"]),
        ("q=thame", ["Thame Town Council"]),
        ("q=nothing-like-this", []),
    ],
)
def test_filters(anon_client, reports, query, names):
    response = anon_client.get(URL, dict(parse_qsl(query)))
    assert response.status_code == 200
    assert _names(response) == names


@pytest.mark.parametrize(
    "query, message",
    [
        ("status=banana", "Choose a status from the list"),
        ("commitment=banana", "Choose a commitment from the list"),
        ("period=last+year", "Enter a quarter like 2026/27 Q3"),
        ("q=" + "x" * 101, "Search for at most 100 characters"),
    ],
)
def test_a_bad_filter_says_so_and_never_fails(anon_client, reports, query, message):
    response = anon_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_nonsense_page_shows_the_nearest(anon_client, reports):
    response = anon_client.get(f"{URL}?page=99")
    assert response.status_code == 200
    assert "There is no page 99: this is page 1." in response.content.decode()


def test_the_queries_do_not_grow_with_the_reports(anon_client, charter):
    communication = charter.commitments.get(key="communication")

    def count():
        anon_client.get(URL)  # warm anything cached per process
        with CaptureQueriesContext(connection) as queries:
            assert anon_client.get(f"{URL}?district=cherwell&page=1").status_code == 200
        return len(queries)

    district = DistrictFactory(name="Cherwell")
    ProgressReportFactory(council=CouncilFactory(district=district), commitment=communication)
    few = count()
    for _ in range(25):
        ProgressReportFactory(council=CouncilFactory(district=district), commitment=communication)
    assert count() == few


def test_the_progress_overview_links_here_and_the_menu_shows_progress(anon_client, reports):
    overview = anon_client.get("/councils/progress/").content.decode()
    assert f'href="{URL}">What councils did</a>' in overview
    active = [i for i in anon_client.get(URL).context["nav_items"] if i["active"]]
    assert [i["label"] for i in active] == ["Progress"]


def test_the_commitment_filter_is_labelled_in_residents_words(anon_client, charter):
    html = anon_client.get(URL).content.decode()
    assert "Commitment key" not in html
    assert '<label class="govuk-label" for="id_commitment">' in html
    assert ">\n    Commitment\n  </label>" in html or ">Commitment</label>" in html


def test_an_empty_library_does_not_suggest_fewer_filters(anon_client, charter):
    html = anon_client.get(URL).content.decode()
    assert "No council has reported what it did yet." in html
    assert "Try fewer filters" not in html
    filtered = anon_client.get(URL, {"status": "embedded"}).content.decode()
    assert "Try fewer filters" in filtered
