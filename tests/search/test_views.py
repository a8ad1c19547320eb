"""The site search: one box in every page's header; ``/search/?q=`` finds councils, the
charter's sections, actions and what councils did, ranked, grouped by kind, a few of each with
a "more" link; accents ignored on PostgreSQL and SQLite; a clear message for a bad query; one
query per kind whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.providers import PROVIDERS
from search.views import RESULTS_PER_KIND
from tests.factories import (
    ActionItemFactory,
    CouncilFactory,
    CountyServiceFactory,
    ProgressReportFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db
URL = "/search/"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)


def _groups(response) -> dict[str, list[str]]:
    return {g.provider.key: [r.title for r in g.results] for g in response.context["groups"]}


def test_every_page_has_the_search_box(anon_client, charter):
    html = anon_client.get("/").content.decode()
    assert '<form class="portal-search" method="get" action="/search/" role="search"' in html
    assert '<label class="govuk-label govuk-visually-hidden" for="portal-search-q">' in html


def test_no_query_shows_the_empty_form(anon_client, charter):
    response = anon_client.get(URL)
    assert response.status_code == 200
    assert "Enter what you are looking for" not in response.content.decode()


def test_results_are_grouped_by_kind(anon_client, charter):
    council = CouncilFactory(name="Adderbury Parish Council")
    ActionItemFactory(title="Adderbury pilot of shared newsletters", is_public=True)
    ProgressReportFactory(
        council=council,
        commitment=charter.commitments.get(key="communication"),
        what_we_did="Adderbury residents now get a printed newsletter.",
    )
    response = anon_client.get(URL, {"q": "adderbury"})
    html = response.content.decode()
    assert response.status_code == 200
    groups = _groups(response)
    assert groups["councils"] == ["Adderbury Parish Council"]
    assert groups["actions"][0].endswith("Adderbury pilot of shared newsletters")
    assert groups["what-councils-did"] == [
        "Adderbury Parish Council: " + charter.commitments.get(key="communication").title
    ]
    assert 'id="councils"' in html and 'href="/councils/adderbury-parish-council/"' in html


def test_charter_sections_are_found_by_their_statements(anon_client, charter):
    commitment = charter.commitments.get(key="communication")
    word = commitment.title.split()[0]
    response = anon_client.get(URL, {"q": word})
    assert commitment.title in _groups(response)["charter"]


def test_a_private_action_is_never_found(anon_client, charter):
    ActionItemFactory(title="Secret budget line", is_public=False)
    assert "actions" not in _groups(anon_client.get(URL, {"q": "secret budget"}))


def test_an_ended_council_is_not_found(anon_client, charter):
    import datetime

    CouncilFactory(name="Oldtown Parish Council", ended_on=datetime.date(2024, 3, 31))
    assert "councils" not in _groups(anon_client.get(URL, {"q": "oldtown"}))


def test_a_few_of_each_kind_and_a_link_to_more(anon_client, charter):
    for n in range(RESULTS_PER_KIND + 2):
        CouncilFactory(name=f"Milton {n} Parish Council")
    response = anon_client.get(URL, {"q": "milton"})
    html = response.content.decode()
    assert len(_groups(response)["councils"]) == RESULTS_PER_KIND
    assert 'href="/councils/?q=milton"' in html and "More councils matching" in html


def test_nothing_found_says_so(anon_client, charter):
    html = anon_client.get(URL, {"q": "zzyzx"}).content.decode()
    assert "Nothing matches ‘zzyzx’." in html


@pytest.mark.parametrize(
    "q, message",
    [
        ("", "Enter what you are looking for"),
        ("   ", "Enter what you are looking for"),
        ("x" * 101, "must be 100 characters or fewer"),
    ],
)
def test_a_bad_query_says_so_next_to_the_box(anon_client, charter, q, message):
    response = anon_client.get(URL, {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["groups"] == []


def test_a_control_character_is_refused_with_a_clear_message(anon_client, charter):
    response = anon_client.get(f"{URL}?q=adder%07bury")
    assert response.status_code == 400
    assert "control character" in response.content.decode()


def test_the_form_refuses_control_characters_itself():
    from search.forms import SearchForm

    form = SearchForm({"q": "adder\tbury"})
    assert not form.is_valid()
    assert "control characters" in form.errors["q"][0]


@postgres_only
def test_accents_and_stems_are_ignored(anon_client, charter):
    CouncilFactory(name="Ducklington Parish Council")
    ProgressReportFactory(
        council=CouncilFactory(),
        commitment=charter.commitments.get(key="communication"),
        what_we_did="Met the owners of the village café about the benches.",
    )
    assert _groups(anon_client.get(URL, {"q": "cafe bench"}))["what-councils-did"]
    assert _groups(anon_client.get(URL, {"q": "CAFÉ"}))["what-councils-did"]
    assert _groups(anon_client.get(URL, {"q": "duckl"}))["councils"] == [
        "Ducklington Parish Council"
    ]


@pytest.mark.parametrize("q", ["café", "cafe", "Cafés", "CAFE crowd"])
def test_accents_case_and_plurals_are_ignored_on_every_database(anon_client, charter, q):
    ResourceFactory(title="Running a community event", summary="Draws a café crowd.")
    CountyServiceFactory(name="Community Café Grants")
    ProgressReportFactory(
        council=CouncilFactory(name="Café Parish Council"),
        commitment=charter.commitments.get(key="communication"),
        what_we_did="Met the owners of the village café.",
    )
    groups = _groups(anon_client.get(URL, {"q": q}))
    assert groups["resources"] == ["Running a community event"]
    if q != "CAFE crowd":
        assert groups["county-services"] == ["Community Café Grants"]
        assert groups["councils"] == ["Café Parish Council"]
        assert groups["what-councils-did"]


def test_accented_statements_of_the_charter_are_found(anon_client, charter):
    commitment = charter.commitments.get(key="communication")
    commitment.statements = [*commitment.statements, "Meet residents at the Zoë café."]
    commitment.save()
    assert commitment.title in _groups(anon_client.get(URL, {"q": "zoe"}))["charter"]


@postgres_only
def test_results_are_ranked(anon_client, charter):
    communication = charter.commitments.get(key="communication")
    once = ProgressReportFactory(
        council=CouncilFactory(name="Once Parish Council"),
        commitment=communication,
        what_we_did="A litter pick, and a leaflet about the hedges.",
    )
    ProgressReportFactory(
        council=CouncilFactory(name="Many Parish Council"),
        commitment=communication,
        what_we_did="Hedges: we surveyed the hedges, planted hedges, and laid old hedges.",
    )
    titles = _groups(anon_client.get(URL, {"q": "hedges"}))["what-councils-did"]
    assert titles[0].startswith("Many Parish Council") and titles[1].startswith(once.council.name)


def test_one_query_per_kind_whatever_the_size(anon_client, charter):
    def count(q):
        with CaptureQueriesContext(connection) as queries:
            assert anon_client.get(URL, {"q": q}).status_code == 200
        return len(queries)

    CouncilFactory(name="Bicester Town Council")
    few = count("bicester")
    for n in range(12):
        CouncilFactory(name=f"Bicester {n} Parish Council")
        ActionItemFactory(title=f"Bicester action {n}", is_public=True)
    assert count("bicester") == few
    # One per kind (two for the charter: commitments and principles), and the page cache's
    # generation read.
    assert few <= len(PROVIDERS) + 1 + 2


@postgres_only
def test_what_councils_did_is_searched_through_its_index(charter):
    from django.db import transaction

    from councils.models import ProgressReport
    from search.text import matching

    qs = matching(ProgressReport.objects.for_library(), "flooding", ["what_we_did"])[:6]
    with transaction.atomic(), connection.cursor() as cursor:
        # Only a bitmap scan left open to the planner (a GIN index is read that way), so that
        # another index (the reports' newest-first one) cannot stand in on an empty table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        plan = qs.explain()
    assert "search_progress_what_we_did" in plan
