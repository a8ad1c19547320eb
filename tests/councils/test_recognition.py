"""What a signatory can show: its SVG badge (accessible, small, cacheable, never stale after a
write), the snippet to copy on its page, and a printable certificate of each signature."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from councils.services.signing import signature_withdraw
from tests.factories import CouncilFactory, UserFactory, signatory, signature_recorded

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _svg(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)  # noqa: S314 - the portal's own response


def test_a_signatory_badge_says_so_with_the_version_and_date(anon_client, charter):
    council = signatory(CouncilFactory(name="Adderbury Parish Council"), charter)
    response = anon_client.get("/councils/adderbury-parish-council/badge.svg")
    svg = _svg(response)
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "badge-title"
    title = svg.find(f"{SVG}title")
    assert title.get("id") == "badge-title"
    signed = council.signed_on
    assert title.text == (
        "Signatory of the Oxfordshire Councils Charter, version 1, "
        f"signed {signed.day} {signed:%B %Y}"
    )
    texts = " ".join(t.text for t in svg.iter(f"{SVG}text"))
    assert "Signatory of the" in texts and "Oxfordshire Councils Charter" in texts
    assert "Version 1" in texts
    assert len(response.content) < 2048  # small
    assert response["Cache-Control"] == "public, no-cache" and response["ETag"]


def test_a_council_that_has_not_signed_has_a_badge_that_says_so(anon_client, charter):
    CouncilFactory(name="Bloxham Parish Council")
    svg = _svg(anon_client.get("/councils/bloxham-parish-council/badge.svg"))
    title = svg.find(f"{SVG}title").text
    assert title == (
        "Bloxham Parish Council: not yet a signatory of the Oxfordshire Councils Charter"
    )
    assert anon_client.get("/councils/no-such-council/badge.svg").status_code == 404


@pytest.mark.django_db(transaction=True)  # the writes commit, as in production
def test_the_badge_is_never_stale_after_a_write(anon_client, charter, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 3600  # the shared page cache on, as in production
    council = CouncilFactory(name="Cropredy Parish Council")
    clerk = UserFactory()
    first = anon_client.get("/councils/cropredy-parish-council/badge.svg")
    assert b"Not yet signed" in first.content
    cached = anon_client.get(
        "/councils/cropredy-parish-council/badge.svg", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert cached.status_code == 304
    signature = signature_recorded(council, charter, clerk)
    signed = anon_client.get(
        "/councils/cropredy-parish-council/badge.svg", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert signed.status_code == 200 and b"Signatory of the" in signed.content
    signature_withdraw(
        signature=signature,
        withdrawn_on=datetime.date.today(),
        reason="The council resolved to.",
        withdrawn_by=clerk,
    )
    withdrawn = anon_client.get("/councils/cropredy-parish-council/badge.svg")
    assert b"Signature withdrawn" in withdrawn.content


def test_the_council_page_offers_the_snippet_to_copy(anon_client, charter):
    signatory(CouncilFactory(name="Adderbury Parish Council"), charter)
    html = anon_client.get("/councils/adderbury-parish-council/").content.decode()
    assert 'src="/councils/adderbury-parish-council/badge.svg" alt="Signatory of' in html
    assert '<label class="govuk-label" for="badge-snippet">' in html
    assert (
        '&lt;a href="http://127.0.0.1:8000/councils/adderbury-parish-council/"&gt;'
        '&lt;img src="http://127.0.0.1:8000/councils/adderbury-parish-council/badge.svg"'
    ) in html


def test_a_signature_has_a_printable_certificate(anon_client, charter):
    council = signatory(CouncilFactory(name="Adderbury Parish Council"), charter)
    signature = council.signatures.get()
    page = anon_client.get("/councils/adderbury-parish-council/")
    assert 'href="/councils/adderbury-parish-council/certificates/1/"' in page.content.decode()
    response = anon_client.get("/councils/adderbury-parish-council/certificates/1/")
    html = response.content.decode()
    assert "Certificate of signature" in html and "Adderbury Parish Council" in html
    assert "version 1 of the Oxfordshire Councils Charter" in html
    date = signature.resolution_date
    assert f"{date.day} {date:%B %Y}" in html and signature.minute_reference in html
    assert "http://127.0.0.1:8000/councils/adderbury-parish-council/certificates/1/" in html
    assert signature.authorised_by_name not in html
    assert "portal-certificate" in html  # the print stylesheet's A4 page
    assert anon_client.get("/councils/adderbury-parish-council/certificates/2/").status_code == 404


def test_a_withdrawn_signature_certificate_says_it_was_withdrawn(anon_client, charter):
    council = signatory(CouncilFactory(name="Adderbury Parish Council"), charter)
    council.signatures.update(
        withdrawn_on=datetime.date(2026, 10, 1), withdrawal_reason="Resolved to."
    )
    html = anon_client.get("/councils/adderbury-parish-council/certificates/1/").content.decode()
    assert "This signature was withdrawn on 1 October 2026" in html


def test_the_print_stylesheet_prints_on_a4_without_the_portals_furniture():
    from django.conf import settings

    css = (settings.BASE_DIR / "assets" / "scss" / "portal.scss").read_text()
    assert "size: A4 portrait" in css and "@media print" in css
