"""The meeting pack, "What councils did" and the site search in a real browser: axe finds no
WCAG 2.2 A/AA violation, they work without JavaScript, and they reflow at 320 CSS pixels."""

import pytest

from commitments.services import DATA_DIR, charter_version_load_file
from councils.services.status import council_status_refresh
from tests.factories import (
    ActionItemFactory,
    CouncilFactory,
    DistrictFactory,
    ProgressReportFactory,
    SignatureFactory,
)

from .axe import assert_no_axe_violations, javascript_disabled
from .helpers import assert_reflows_at_320_pixels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db):
    version, _ = charter_version_load_file(DATA_DIR / "charter-v1.json")
    cherwell = DistrictFactory(name="Cherwell")
    adderbury = CouncilFactory(name="Adderbury Parish Council", district=cherwell)
    SignatureFactory(council=adderbury, version=version)
    council_status_refresh(council=adderbury)
    communication = version.commitments.get(key="communication")
    for n in range(25):
        ProgressReportFactory(
            council=CouncilFactory(name=f"Milton {n} Parish Council", district=cherwell),
            commitment=communication,
            what_we_did=f"Held an open meeting on flooding in the village hall ({n}).",
        )
    ProgressReportFactory(council=adderbury, commitment=communication)
    ActionItemFactory(title="Flooding: share the county's plans", is_public=True)
    return {"adderbury": adderbury}


PAGES = [
    "/councils/adderbury-parish-council/meeting-pack/",
    "/councils/milton-0-parish-council/meeting-pack/",  # not a signatory: asked to sign
    "/councils/what-councils-did/",
    "/councils/what-councils-did/?status=banana",
    "/search/?q=flooding",
    "/search/?q=",
]


@pytest.mark.parametrize("url", PAGES)
def test_the_pages_pass_axe(page, data, url):
    page.goto(url)
    assert_no_axe_violations(page)


def test_the_pages_reflow_at_320_pixels(page, data):
    assert_reflows_at_320_pixels(page, PAGES)


def test_search_from_the_header_without_javascript(page_no_js, data):
    page = javascript_disabled(page_no_js)
    page.goto("/councils/")
    page.get_by_label("Search the portal").first.fill("flooding")
    page.get_by_role("button", name="Search the portal").click()
    page.wait_for_url("**/search/?q=flooding")
    assert page.locator("h3#what-councils-did").is_visible()
    assert page.locator("h3#actions").is_visible()
    page.get_by_role("link", name="More what councils did matching").click()
    page.wait_for_url("**/councils/what-councils-did/?q=flooding")
    assert "that match your filters" in page.content()
    assert_no_axe_violations(page)


def test_filter_what_councils_did_without_javascript(page_no_js, data):
    page = javascript_disabled(page_no_js)
    page.goto("/councils/what-councils-did/")
    page.get_by_label("Words").fill("Milton 3")
    page.get_by_role("button", name="Show reports").click()
    page.wait_for_url("**/what-councils-did/?q=Milton+3**")
    assert "Milton 3 Parish Council" in page.content()
    assert page.get_by_role("link", name="Milton 3 Parish Council").first.is_visible()


def test_the_meeting_pack_prints_without_the_page_furniture(page, data):
    page.goto("/councils/adderbury-parish-council/meeting-pack/")
    page.emulate_media(media="print")
    assert not page.locator(".portal-search").is_visible()
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.get_by_text("Download the meeting pack as a Word document").is_visible()
    assert page.get_by_role("heading", name="Agenda item").is_visible()
    assert page.get_by_role(
        "heading", name="Adderbury Parish Council's progress so far"
    ).is_visible()
