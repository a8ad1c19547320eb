"""The charter's public pages in a real browser: axe finds no WCAG 2.2 A/AA violation, they
reflow at 320 CSS pixels, and they work with JavaScript off."""

import pytest

from commitments.services import DATA_DIR, charter_version_load_file

from .axe import assert_no_axe_violations
from .helpers import assert_reflows_at_320_pixels, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("/", "The Oxfordshire Councils Charter"),
    ("/charter/", "Oxfordshire Councils Charter"),
    ("/charter/versions/", "Versions of the charter"),
    ("/charter/principles/mutual-respect/", "Mutual Respect"),
    ("/charter/principles/relationship-building/", "Relationship Building"),
    ("/charter/principles/transparency-and-accountability/", "Transparency and Accountability"),
    ("/charter/commitments/communication/", "Communication"),
    ("/charter/commitments/consultation-and-engagement/", "Consultation and Engagement"),
    ("/charter/commitments/resources/", "Resources"),
    ("/charter/commitments/local-democracy/", "Local Democracy"),
    ("/accessibility/", "Accessibility statement"),
    ("/privacy/", "Privacy notice"),
    ("/contact/", "Contact the policy team"),
    ("/no-such-page/", "Page not found"),
]


@pytest.fixture
def published_charter(transactional_db):
    charter_version_load_file(DATA_DIR / "charter-v1.json")


@pytest.mark.parametrize("url, heading", PAGES)
def test_page_passes_axe(page, published_charter, url, heading):
    page.goto(url)
    assert heading in page.locator("h1").inner_text()
    assert_no_axe_violations(page)


def test_pages_reflow_at_320_pixels_without_horizontal_scrolling(page, published_charter):
    assert_reflows_at_320_pixels(page, [url for url, _ in PAGES])


def test_charter_reads_and_navigates_without_javascript(page_no_js, published_charter):
    page_no_js.goto("/")
    page_no_js.get_by_role("button", name="Read the charter").click()
    page_no_js.wait_for_url("**/charter/")
    assert page_no_js.locator("h1").inner_text() == "Oxfordshire Councils Charter"
    page_no_js.get_by_role("link", name="Local Democracy").first.click()
    page_no_js.wait_for_url("**/charter/commitments/local-democracy/")
    assert "engage young people" in page_no_js.locator("main").inner_text()
    # The menu is visible without JavaScript.
    assert page_no_js.get_by_role("link", name="Signatories").is_visible()


def test_skip_link_and_focus_are_visible_with_the_keyboard(page, published_charter):
    page.goto("/charter/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline != "none" or background != "rgba(0, 0, 0, 0)"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main-content")  # a fragment: the address changes just after


@pytest.fixture
def two_versions(transactional_db):
    """Version 1, and version 2 with a principle removed, a commitment added, statements
    changed, added and removed."""
    import copy
    import json

    from commitments.services import charter_version_load

    with open(DATA_DIR / "charter-v1.json", encoding="utf-8") as f:
        first = json.load(f)
    charter_version_load(data=first)
    data = copy.deepcopy(first)
    data.update(number=2, published_on="2026-01-15", summary_of_changes="A climate commitment.")
    data["principles"] = data["principles"][1:]
    data["commitments"][0]["statements"][1] = "Communicate with respect, civility and patience."
    data["commitments"][2]["statements"].pop(0)
    data["commitments"].append(
        {"key": "climate", "title": "Climate", "statements": ["Act on climate together."]}
    )
    charter_version_load(data=data)


@pytest.mark.parametrize(
    "url", ["/charter/versions/compare/", "/charter/versions/compare/?from=banana&to=9"]
)
def test_what_changed_passes_axe_and_reflows(page, two_versions, url):
    response = page.goto(url)
    assert page.locator("h1").inner_text() == "What changed between versions of the charter"
    if "banana" in url:
        assert response.status == 400
        assert "there is no version “banana”" in page.locator(".govuk-error-summary").inner_text()
    else:
        assert "Act on climate together." in page.locator("ins").all_inner_texts()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = sideways_overflow(page)
    assert overflow <= 0


def test_what_changed_reads_without_colour(page, two_versions):
    """Added words are underlined and removed words struck through, not only tinted."""
    page.goto("/charter/versions/compare/")
    ins = page.locator("ins.portal-diff__ins").first
    deleted = page.locator("del.portal-diff__del").first
    assert "underline" in ins.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in deleted.evaluate("e => getComputedStyle(e).textDecorationLine")


def test_what_changed_works_without_javascript(page_no_js, two_versions):
    page_no_js.goto("/charter/versions/2/")
    page_no_js.get_by_role("link", name="See what changed in version 2").click()
    page_no_js.wait_for_url("**/charter/versions/compare/?to=2")
    page_no_js.get_by_label("From version").select_option("2")
    page_no_js.get_by_role("button", name="Compare").click()
    page_no_js.wait_for_url("**/charter/versions/compare/?from=2&to=2")
    assert "You chose version 2 twice" in page_no_js.locator("main").inner_text()
