"""Downloads asked with filters that make no sense: a 400 that names the filter, never a 500
and never a silently unfiltered file (ui.downloads.filter_error_response)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("actions:download-csv", {"status": "nonsense"}, "Status"),
    ("actions:download-json", {"commitment": "no-such-commitment"}, "Commitment"),
    ("partnerships:download-csv", {"level": "galactic"}, "Kind"),
    ("partnerships:download-json", {"statutory": "perhaps"}, "Statutory"),
]


@pytest.mark.parametrize(("url_name", "params", "label"), DOWNLOADS)
def test_a_download_with_a_bad_filter_is_refused_with_the_filter_named(
    anon_client, url_name, params, label
):
    response = anon_client.get(reverse(url_name), params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "a filter makes no sense" in body
    assert label.lower() in body.lower()


@pytest.mark.parametrize("url_name", sorted({name for name, _, _ in DOWNLOADS}))
def test_a_download_with_no_filters_is_made(anon_client, url_name):
    response = anon_client.get(reverse(url_name))

    assert response.status_code == 200
