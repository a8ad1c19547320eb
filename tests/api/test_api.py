"""The read-only open data API under /api/v1/: every dataset, filters (the pages' own), pages,
conditional GETs, CORS, throttling, the licence and the OpenAPI schema."""

import datetime

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from commitments.models import OGL_URL
from commitments.services import data_licence_update
from councils.models import Council
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilCodeFactory,
    CouncilFactory,
    DistrictFactory,
    ProgressReportFactory,
    UserFactory,
    signatory,
    signature_recorded,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "councils",
    "signatures",
    "progress-reports",
    "action-items",
    "action-updates",
    "charter-versions",
]


@pytest.fixture
def data(charter):
    cherwell = DistrictFactory(name="Cherwell")
    adderbury = CouncilFactory(name="Adderbury Parish Council", district=cherwell)
    CouncilCodeFactory(council=adderbury, code="E04008122")
    signatory(adderbury, charter)
    CouncilFactory(name="Bloxham Parish Council", district=cherwell)
    commitment = charter.commitments.order_by("order").first()
    ProgressReportFactory(council=adderbury, commitment=commitment)
    item = ActionItemFactory(title="Public action", lead_council=adderbury)
    ActionItemFactory(title="Hidden action", is_public=False)
    ActionUpdateFactory(item=item, text="The group met.")
    return {"charter": charter, "adderbury": adderbury, "item": item, "commitment": commitment}


def test_every_dataset_is_listed_from_the_root(anon_client, data):
    root = anon_client.get("/api/v1/").json()
    assert {f"http://testserver/api/v1/{name}/" for name in ENDPOINTS} <= set(root.values())


def test_councils_with_status_and_codes(anon_client, data):
    body = anon_client.get("/api/v1/councils/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["name"] == "Adderbury Parish Council"
    assert first["status"] == "signed" and first["charter_version"] == 1
    assert first["gss_codes"] == ["E04008122"] or "E04008122" in first["gss_codes"]
    assert first["district"] == "Cherwell"
    assert first["page"].endswith("/councils/adderbury-parish-council/")
    detail = anon_client.get("/api/v1/councils/adderbury-parish-council/").json()
    assert detail["slug"] == "adderbury-parish-council"


def test_councils_reuse_the_directory_filters(anon_client, data):
    signed = anon_client.get("/api/v1/councils/?status=signed").json()
    assert [c["name"] for c in signed["results"]] == ["Adderbury Parish Council"]
    searched = anon_client.get("/api/v1/councils/?q=blox").json()
    assert [c["name"] for c in searched["results"]] == ["Bloxham Parish Council"]
    by_name = anon_client.get("/api/v1/councils/?sort=-name").json()
    assert by_name["results"][0]["name"] == "Bloxham Parish Council"


def test_a_bad_filter_is_a_400_that_names_it(anon_client, data):
    response = anon_client.get("/api/v1/councils/?status=banana")
    assert response.status_code == 400
    assert "status" in response.json()
    assert "Choose a status from the list" in response.content.decode()
    response = anon_client.get("/api/v1/progress-reports/?commitment=banana")
    assert response.status_code == 400 and "commitment" in response.json()
    response = anon_client.get("/api/v1/action-items/?overdue=banana")
    assert response.status_code == 400 and "overdue" in response.json()


def test_signatures_progress_actions_updates_and_charter(anon_client, data):
    signature = anon_client.get("/api/v1/signatures/").json()["results"][0]
    assert signature["council"] == "adderbury-parish-council"
    assert signature["status"] == "signed" and signature["charter_version"] == 1
    assert signature["certificate"].endswith("/councils/adderbury-parish-council/certificates/1/")
    report = anon_client.get("/api/v1/progress-reports/").json()["results"][0]
    assert report["commitment"] == data["commitment"].key
    assert report["evidence_links"] == ["https://example.org/newsletter"]
    items = anon_client.get("/api/v1/action-items/").json()["results"]
    assert [i["title"] for i in items] == ["Public action"]  # never a hidden item
    assert items[0]["lead_council"] == "adderbury-parish-council"
    ref = data["item"].reference
    assert anon_client.get(f"/api/v1/action-items/{ref}/").json()["title"] == "Public action"
    updates = anon_client.get(f"/api/v1/action-updates/?item={ref}").json()["results"]
    assert [u["text"] for u in updates] == ["The group met."]
    versions = anon_client.get("/api/v1/charter-versions/").json()["results"]
    assert [v["number"] for v in versions] == [1]
    assert {c["key"] for c in versions[0]["commitments"]} >= {data["commitment"].key}
    assert versions[0]["principles"] and versions[0]["aims"]


def test_drafts_of_the_charter_are_not_published(anon_client, data):
    from commitments.services import charter_version_draft

    charter_version_draft(source=data["charter"])
    versions = anon_client.get("/api/v1/charter-versions/").json()["results"]
    assert [v["number"] for v in versions] == [1]
    assert anon_client.get("/api/v1/charter-versions/2/").status_code == 404


def test_lists_come_in_pages_in_a_stable_order(anon_client, charter):
    district = DistrictFactory()
    for n in range(7):
        CouncilFactory(name="Same Name Parish Council", slug=f"same-{n}", district=district)
    first = anon_client.get("/api/v1/councils/?page_size=3").json()
    second = anon_client.get(first["next"]).json()
    third = anon_client.get(second["next"]).json()
    slugs = [c["slug"] for page in (first, second, third) for c in page["results"]]
    assert slugs == [f"same-{n}" for n in range(7)]  # ties broken by the row's key
    assert third["next"] is None and first["count"] == 7
    assert anon_client.get("/api/v1/councils/?page=99").status_code == 404


def test_every_response_states_the_licence(anon_client, data):
    data_licence_update(attribution="Contains data from the Charter portal (policy team).")
    for name in ENDPOINTS:
        response = anon_client.get(f"/api/v1/{name}/")
        assert response.status_code == 200
        assert response["Link"] == f'<{OGL_URL}>; rel="license"'
        licence = response.json()["licence"]
        assert licence["name"] == "Open Government Licence v3.0"
        assert licence["attribution"] == "Contains data from the Charter portal (policy team)."
    detail = anon_client.get("/api/v1/councils/adderbury-parish-council/")
    assert 'rel="license"' in detail["Link"]


@pytest.mark.django_db(transaction=True)  # the write commits, as in production
def test_a_client_polls_with_its_etag_and_gets_a_304_until_a_write(anon_client, data):
    first = anon_client.get("/api/v1/councils/")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = anon_client.get("/api/v1/councils/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    since = anon_client.get("/api/v1/councils/", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    assert anon_client.get("/api/v1/signatures/")["ETag"] != etag  # per address
    signature_recorded(
        CouncilFactory(name="Cropredy Parish Council"),
        data["charter"],
        UserFactory(),
        resolution_date=datetime.date(2026, 9, 1),
    )
    after = anon_client.get("/api/v1/councils/", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert after.json()["count"] == 3


def test_cors_is_open_for_reading_only(anon_client, data):
    response = anon_client.get("/api/v1/councils/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = anon_client.options(
        "/api/v1/councils/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    page = anon_client.get("/councils/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page  # only the API


def test_the_api_only_reads(anon_client, policy_client, data):
    for client in (anon_client, policy_client):
        for name in ENDPOINTS:
            assert client.post(f"/api/v1/{name}/", {}).status_code == 405
        assert client.delete("/api/v1/councils/adderbury-parish-council/").status_code == 405


def test_each_client_is_throttled(anon_client, data, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [anon_client.get("/api/v1/charter-versions/").status_code for _ in range(4)]
        other = anon_client.get("/api/v1/charter-versions/", REMOTE_ADDR="192.0.2.9")
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200  # another client has its own allowance


def test_the_schema_is_valid_openapi_3(anon_client, data):
    response = anon_client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for name in ENDPOINTS:
        assert f"/api/v1/{name}/" in paths
    assert schema["info"]["license"]["name"] == "Open Government Licence v3.0"


def test_the_api_is_the_same_for_a_signed_in_user(user_client, anon_client, data):
    assert (
        user_client.get("/api/v1/councils/").json() == anon_client.get("/api/v1/councils/").json()
    )


def test_a_council_that_ended_is_listed_with_its_end(anon_client, data):
    Council.objects.filter(name="Bloxham Parish Council").update(ended_on=datetime.date(2025, 4, 1))
    body = anon_client.get("/api/v1/councils/bloxham-parish-council/").json()
    assert body["ended_on"] == "2025-04-01"


def test_answers_from_the_page_cache_keep_the_licence_and_etag(anon_client, data, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 3600  # the shared page cache on, as in production
    first = anon_client.get("/api/v1/councils/", HTTP_ORIGIN="https://example.org")
    hit = anon_client.get("/api/v1/councils/", HTTP_ORIGIN="https://example.org")
    assert first["X-Portal-Page-Cache"] == "miss" and hit["X-Portal-Page-Cache"] == "hit"
    assert hit.content == first.content
    for header in ("ETag", "Last-Modified", "Link"):
        assert hit[header] == first[header]
    assert hit["Access-Control-Allow-Origin"] == "*"
    again = anon_client.get("/api/v1/councils/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert again.status_code == 304
