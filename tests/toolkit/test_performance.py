"""The toolkit's public pages cost the same queries however many resources and services there
are (bench/ measures them at 2,000 resources and 500 services), and show 50 a page."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CountyServiceFactory, ResourceFactory
from toolkit.services import signatory_guide_ensure

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    """Queries of one render of ``url`` (the page cache emptied first)."""
    for store in caches.all():
        store.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(n: int, charter):
    commitment, principle = charter.commitments.first(), charter.principles.first()
    for k in range(n):
        ResourceFactory(
            title=f"Resource {k:03d}",
            commitments=[commitment],
            principles=[principle],
            council_kinds=["parish", "town"],
            body="# Heading\n\n" + "Text. " * 200,
        )
        CountyServiceFactory(name=f"Service {k:03d}", what_it_does="Helps with highways")


def test_public_pages_cost_the_same_queries_at_two_sizes(anon_client, charter):
    guide, _ = signatory_guide_ensure()
    _grow(3, charter)
    commitment, principle = charter.commitments.first(), charter.principles.first()
    urls = [
        "/toolkit/",
        "/toolkit/?q=resource&kind=guide&council_kind=parish",
        "/toolkit/?page=2",
        guide.get_absolute_url(),
        "/toolkit/county-services/",
        "/toolkit/county-services/?q=highways",
        commitment.get_absolute_url(),
        principle.get_absolute_url(),
    ]
    small = {url: _queries(anon_client, url) for url in urls}
    _grow(60, charter)
    large = {url: _queries(anon_client, url) for url in urls}
    assert large == small


def test_the_toolkit_is_shown_fifty_a_page(anon_client, charter):
    _grow(52, charter)
    first = anon_client.get("/toolkit/")
    assert len(first.context["resources"]) == 50
    assert "52 resources" in first.content.decode()
    second = anon_client.get("/toolkit/?page=2")
    assert len(second.context["resources"]) == 2
    services = anon_client.get("/toolkit/county-services/?page=banana")
    assert services.status_code == 200 and len(services.context["services"]) == 50
    commitment = anon_client.get(charter.commitments.first().get_absolute_url())
    assert len(commitment.context["section_resources"]) == 10
    assert commitment.context["section_resources_more"]
