"""The bulk download: every public dataset as CSV and JSON in one ZIP with a Frictionless
``datapackage.json``, built on demand and kept until the next write; and the "Data and API"
page and the policy team's licence page."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from api.datasets import DATASETS
from commitments.models import OGL_URL, DataLicence
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilFactory,
    ProgressReportFactory,
    UserFactory,
    signatory,
    signature_recorded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bulk_dir(settings, tmp_path):
    settings.PORTAL_BULK_DIR = tmp_path / "bulk"


def _zip(client) -> zipfile.ZipFile:
    response = client.get("/data/charter-open-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="charter-open-data.zip"' in response["Content-Disposition"]
    assert response["Link"] == f'<{OGL_URL}>; rel="license"'
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def data(charter):
    council = CouncilFactory(name="Adderbury Parish Council")
    signatory(council, charter)
    ProgressReportFactory(council=council, commitment=charter.commitments.first())
    item = ActionItemFactory(title="Public action")
    ActionItemFactory(title="Hidden action", is_public=False)
    ActionUpdateFactory(item=item, text="The group met.")
    return council


def test_one_zip_holds_every_dataset_as_csv_and_json_with_a_datapackage(anon_client, data):
    archive = _zip(anon_client)
    names = set(archive.namelist())
    assert "datapackage.json" in names
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["path"] == OGL_URL
    assert package["attribution"] == DataLicence.objects.current().attribution
    described = {r["path"]: r for r in package["resources"]}
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            path = f"{dataset.name}.{fmt}"
            assert path in names and path in described
            assert [f["name"] for f in described[path]["schema"]["fields"]] == dataset.field_names
        rows = list(
            csv.reader(io.StringIO(archive.read(f"{dataset.name}.csv").decode("utf-8-sig")))
        )
        assert rows[0] == dataset.field_names
        body = json.loads(archive.read(f"{dataset.name}.json"))
        assert body["licence"]["url"] == OGL_URL
        assert len(body["records"]) == len(rows) - 1
        assert all(list(r) == dataset.field_names for r in body["records"])
    actions = archive.read("action-items.csv").decode("utf-8-sig")
    assert "Public action" in actions and "Hidden action" not in actions
    councils = json.loads(archive.read("councils.json"))["records"]
    assert councils[0]["status"] == "signed"


def test_the_zip_is_kept_until_the_next_write(anon_client, data, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _zip(anon_client)
    with CaptureQueriesContext(connection) as queries:
        _zip(anon_client)
    assert len(queries) <= 2  # the licence: the ZIP itself is not built again
    assert len(list(settings.PORTAL_BULK_DIR.glob("*.zip"))) == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_makes_a_new_zip(anon_client, charter, settings):
    assert "Cropredy" not in _zip(anon_client).read("councils.csv").decode("utf-8-sig")
    signature_recorded(CouncilFactory(name="Cropredy Parish Council"), charter, UserFactory())
    assert "Cropredy" in _zip(anon_client).read("councils.csv").decode("utf-8-sig")
    assert len(list(settings.PORTAL_BULK_DIR.glob("*.zip"))) == 1  # the old one removed


def test_the_data_page_says_the_licence_and_is_linked_from_the_footer(anon_client, charter):
    response = anon_client.get(reverse("open-data"))
    html = response.content.decode()
    assert "Open Government Licence v3.0" in html and OGL_URL in html
    assert DataLicence.objects.current().attribution in html
    assert "/api/v1/schema/" in html and "/data/charter-open-data.zip" in html
    home = anon_client.get("/").content.decode()
    assert 'href="/data/">Data and API</a>' in home


def test_the_policy_team_sets_the_attribution_line(policy_client, anon_client, charter):
    page = policy_client.get(reverse("policy-data-licence"))
    assert page.status_code == 200
    response = policy_client.post(
        reverse("policy-data-licence"), {"attribution": "Contains Oxfordshire data (OGL)."}
    )
    assert response.status_code == 302
    assert DataLicence.objects.current().attribution == "Contains Oxfordshire data (OGL)."
    assert "Contains Oxfordshire data (OGL)." in anon_client.get("/data/").content.decode()
    feed = anon_client.get("/councils/feed/").content.decode()
    assert "<rights>Contains Oxfordshire data (OGL)." in feed
    download = anon_client.get("/actions/plan.json").json()
    assert download["licence"]["attribution"] == "Contains Oxfordshire data (OGL)."


def test_an_empty_attribution_line_is_refused_next_to_the_field(policy_client, charter):
    response = policy_client.post(reverse("policy-data-licence"), {"attribution": "  "})
    assert response.status_code == 200
    assert "Enter the attribution line" in response.content.decode()
    too_long = policy_client.post(reverse("policy-data-licence"), {"attribution": "x" * 501})
    assert "500 characters or fewer" in too_long.content.decode()


def test_every_download_and_feed_states_the_licence(anon_client, data):
    for url in (
        "/councils/download/signatories.csv",
        "/councils/download/signatories.json",
        "/councils/progress/reports.csv",
        "/councils/progress/reports.json",
        "/actions/plan.csv",
        "/actions/plan.json",
        "/councils/feed/",
        "/actions/feed/",
    ):
        response = anon_client.get(url)
        assert response.status_code == 200, url
        assert response["Link"] == f'<{OGL_URL}>; rel="license"', url
        if url.endswith(".json"):
            assert response.json()["licence"]["name"] == "Open Government Licence v3.0", url
        if "feed" in url:
            assert "Open Government Licence v3.0" in response.content.decode(), url


def test_the_data_licence_page_s_trail_starts_at_home(policy_client, charter):
    response = policy_client.get(reverse("policy-data-licence"))
    assert response.context["breadcrumbs"] == [
        ("Home", "/"),
        ("Policy team", "/policy/"),
        ("Data licence", None),
    ]
