"""The open data's pages in a real browser: axe finds no WCAG 2.2 A/AA violation on the "Data
and API" page, the council page with its badge and snippet, the badge itself, the certificate
(which prints on one A4 page without the portal's furniture) and the policy team's licence
page; they reflow at 320 CSS pixels and work without JavaScript."""

import re

import pytest

from tests.factories import CouncilFactory, PolicyOfficerFactory, signatory

from .axe import assert_no_axe_violations
from .helpers import assert_reflows_at_320_pixels, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNCIL = "/councils/adderbury-parish-council/"
PAGES = [
    ("/data/", "Data and API"),
    (COUNCIL, "Adderbury Parish Council"),
    (f"{COUNCIL}certificates/1/", "Certificate of signature"),
]


@pytest.fixture
def signed(charter):
    return signatory(CouncilFactory(name="Adderbury Parish Council"), charter)


@pytest.mark.parametrize("url, heading", PAGES)
def test_page_passes_axe(page, signed, url, heading):
    page.goto(url)
    assert heading in page.locator("h1").inner_text()
    assert_no_axe_violations(page)


def test_the_badge_passes_axe_where_it_is_shown(page, signed, live_server):
    """The badge as a council's website would show it: inline (its own title and role) and as
    the copied snippet (an image with the same words as its alt text)."""
    svg = page.request.get(f"{live_server.url}{COUNCIL}badge.svg").text()
    snippet = page.goto(COUNCIL) and page.locator("#badge-snippet").input_value()
    page.set_content(
        '<!DOCTYPE html><html lang="en-GB"><head><title>A council website</title></head>'
        f"<body><main><h1>Our council</h1>{svg}<p>{snippet}</p></main></body></html>"
    )
    assert page.get_by_role("img", name="Signatory of the Oxfordshire Councils Charter").count()
    assert page.locator("p img[alt^='Signatory of the Oxfordshire Councils Charter']").count()
    assert_no_axe_violations(page)


def test_the_certificate_prints_on_one_a4_page(page, signed):
    page.goto(f"{COUNCIL}certificates/1/")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert not page.locator(".portal-no-print").is_visible()
    assert page.locator(".portal-certificate").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4: 210 x 297 mm in points


def test_the_policy_teams_licence_page_passes_axe(page, live_server, charter):
    login(page, PolicyOfficerFactory(), live_server)
    page.goto("/policy/data-licence/")
    assert page.locator("h1").inner_text() == "Data licence"
    assert_no_axe_violations(page)
    page.get_by_label("Attribution line").fill("")
    page.get_by_role("button", name="Save").click()
    assert "Enter the attribution line" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)


def test_pages_reflow_at_320_pixels(page, signed):
    assert_reflows_at_320_pixels(page, [url for url, _ in PAGES])


def test_without_javascript(page_no_js, signed):
    page_no_js.goto("/")
    page_no_js.get_by_role("link", name="Data and API").click()
    page_no_js.wait_for_url("**/data/")
    assert_no_axe_violations(page_no_js)
    page_no_js.goto(COUNCIL)
    page_no_js.get_by_role("link", name="Certificate").click()
    page_no_js.wait_for_url("**/certificates/1/")
    assert "Certificate of signature" in page_no_js.locator("h1").inner_text()
