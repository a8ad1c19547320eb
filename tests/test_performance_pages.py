"""Pages that would grow with the data are shown a page at a time: the action plan (50
items a page) and the progress overview (50 districts a page), with GOV.UK pagination that keeps
the filters; a nonsense page number shows the nearest page; the queries do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ActionItemFactory, CouncilFactory, DistrictFactory, signatory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_action_plan_is_shown_fifty_items_a_page(anon_client, charter):
    communication = charter.commitments.get(key="communication")
    for _ in range(55):
        ActionItemFactory(commitments=[communication], status="on-track")
    first = anon_client.get("/actions/?status=on-track")
    html = first.content.decode()
    assert len(first.context["items"]) == 50
    assert "55 actions match the filters" in html
    assert 'class="govuk-pagination"' in html and "?status=on-track&amp;page=2" in html
    second = anon_client.get("/actions/?status=on-track&page=2")
    assert len(second.context["items"]) == 5
    assert "plan.csv?status=on-track" in second.content.decode()  # not the page number
    assert "plan.csv?status=on-track&amp;page" not in second.content.decode()
    for nonsense, number in [("banana", 1), ("99", 2), ("-1", 2)]:
        response = anon_client.get(f"/actions/?status=on-track&page={nonsense}")
        assert response.status_code == 200 and response.context["page_obj"].number == number


def test_the_action_plan_pages_cost_the_same_queries(anon_client, charter):
    for _ in range(60):
        ActionItemFactory()
    anon_client.get("/actions/")
    assert _queries(anon_client, "/actions/") == _queries(anon_client, "/actions/?page=2")


def test_the_progress_overview_shows_fifty_districts_a_page(anon_client, charter):
    for n in range(53):
        signatory(CouncilFactory(district=DistrictFactory(name=f"District {n:02d}")), charter)
    first = anon_client.get("/councils/progress/").content.decode()
    assert "District 00<br>" in first and "District 49<br>" in first
    assert "District 50<br>" not in first
    assert "districts page 1 of 2" in first and "All districts<br>" in first
    assert "53 signatories" in first  # the total row counts every district
    second = anon_client.get("/councils/progress/?page=2").content.decode()
    assert "District 52<br>" in second and "District 00<br>" not in second
    assert "All districts<br>" in second
    assert _queries(anon_client, "/councils/progress/") == _queries(
        anon_client, "/councils/progress/?page=2"
    )


def test_the_commitment_page_shows_the_first_twenty_actions(anon_client, charter):
    communication = charter.commitments.get(key="communication")
    for _ in range(21):
        ActionItemFactory(commitments=[communication])
    html = anon_client.get("/charter/commitments/communication/").content.decode()
    assert html.count('href="/actions/A-') == 20
    assert "The first 20 actions are shown here." in html
    assert "All the actions for this commitment on the action plan" in html


def test_you_said_we_did_costs_the_same_queries_however_many_respond(anon_client, charter):
    """The consultation's page (counts, the chart, themes) and the consultations list: the same
    queries with 2 responses as with 30 (bench/ measures 10,000)."""
    import datetime

    from django.utils import timezone

    from commitments.services import charter_version_draft
    from consultations.services import consultation_open, response_save, theme_save
    from tests.factories import UserFactory

    today = timezone.localdate()
    consultation = consultation_open(
        version=charter_version_draft(source=charter),
        title="Draft two",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
        individuals_allowed=True,
    )
    theme_save(consultation=consultation, you_said="Plainer.", we_did="", changed_sections=["aims"])

    def respond(count):
        for _ in range(count):
            response_save(
                consultation=consultation,
                user=UserFactory(),
                council=CouncilFactory(),
                answers={q.pk: ("yes", "Fine") for q in consultation.questions.all()},
                submit=True,
            )

    pages = [consultation.get_absolute_url(), "/consultations/"]
    respond(2)
    small = [_queries(anon_client, url) for url in pages]
    respond(28)
    assert [_queries(anon_client, url) for url in pages] == small


def _version_data(number: int, sections: int, words: str) -> dict:
    """A charter version with ``sections`` commitments of five statements each."""
    return {
        "number": number,
        "published_on": f"{2024 + number}-07-01",
        "summary_of_changes": f"Version {number}.",
        "commitments": [
            {
                "key": f"commitment-{n}",
                "title": f"Commitment {n}",
                "statements": [f"We will {words} in way {n}.{s}." for s in range(5)],
            }
            for n in range(sections)
        ],
    }


def test_what_changed_costs_the_same_queries_however_many_sections(anon_client, db):
    from commitments.services import charter_version_load

    charter_version_load(data=_version_data(1, 2, "talk"))
    charter_version_load(data=_version_data(2, 3, "talk openly"))
    few = _queries(anon_client, "/charter/versions/compare/?from=1&to=2")
    charter_version_load(data=_version_data(3, 60, "listen"))
    charter_version_load(data=_version_data(4, 80, "listen well"))
    many = anon_client.get("/charter/versions/compare/?from=3&to=4")
    assert "20 sections added" in many.content.decode()
    assert _queries(anon_client, "/charter/versions/compare/?from=3&to=4") == few


def test_a_meeting_pack_costs_the_same_queries_however_long_the_progress(anon_client, charter):
    from tests.factories import ProgressReportFactory

    council = signatory(CouncilFactory(), charter)
    communication = charter.commitments.get(key="communication")
    url = f"/councils/{council.slug}/meeting-pack/"
    ProgressReportFactory(council=council, commitment=communication)
    few = _queries(anon_client, url)
    for commitment in charter.commitments.all():
        for year in range(2020, 2025):
            ProgressReportFactory(
                council=council, commitment=commitment, period_year=year, period_quarter=2
            )
    assert _queries(anon_client, url) == few
