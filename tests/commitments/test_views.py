import datetime

import pytest

from commitments.models import CharterVersion, Commitment
from commitments.services import charter_version_publish

pytestmark = pytest.mark.django_db


def test_charter_page_shows_aims_principles_and_commitments(anon_client, charter):
    response = anon_client.get("/charter/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stronger partnership working between Oxfordshire councils." in html
    assert "Transparency and Accountability" in html
    assert "Consultation and Engagement" in html
    assert "Respect the democratic mandate of councillors at all levels." in html


@pytest.mark.parametrize(
    "url, text",
    [
        ("/charter/principles/mutual-respect/", "Treating each other with respect"),
        ("/charter/commitments/local-democracy/", "engage young people"),
        ("/charter/commitments/resources/", "Optimise access and signposting"),
    ],
)
def test_each_principle_and_commitment_has_a_page(anon_client, charter, url, text):
    response = anon_client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/charter/principles/no-such-thing/",
        "/charter/commitments/no-such-thing/",
        "/charter/versions/99/",
        "/charter/?version=abc",
        "/charter/?version=42",
    ],
)
def test_unknown_parts_of_the_charter_are_not_found(anon_client, charter, url):
    assert anon_client.get(url).status_code == 404


def test_before_anything_is_published_the_charter_page_is_not_found(anon_client, db):
    assert anon_client.get("/charter/").status_code == 404
    assert anon_client.get("/").status_code == 200


def test_drafts_are_not_public(anon_client, charter):
    CharterVersion.objects.create(number=2, title="Secret draft")
    assert anon_client.get("/charter/versions/2/").status_code == 404
    assert "Secret draft" not in anon_client.get("/charter/versions/").content.decode()


def test_a_superseded_version_stays_readable(anon_client, charter):
    v2 = CharterVersion.objects.create(number=2, summary_of_changes="Sharper wording.")
    for c in charter.commitments.all():
        Commitment.objects.create(
            version=v2, key=c.key, order=c.order, title=c.title + " (v2)", statements=c.statements
        )
    charter_version_publish(version=v2, published_on=datetime.date(2026, 11, 1))
    old = anon_client.get("/charter/versions/1/").content.decode()
    assert "has been superseded" in old
    assert "Communication (v2)" in anon_client.get("/charter/").content.decode()
    old_commitment = anon_client.get("/charter/commitments/communication/?version=1")
    assert "Communication (v2)" not in old_commitment.content.decode()
    listing = anon_client.get("/charter/versions/").content.decode()
    assert "Sharper wording." in listing


def test_the_list_of_versions_has_breadcrumbs(anon_client, charter):
    response = anon_client.get("/charter/versions/")
    assert response.context["breadcrumbs"] == [
        ("Home", "/"),
        ("The charter", "/charter/"),
        ("Versions", None),
    ]
    assert 'href="/charter/">The charter</a>' in response.content.decode()
