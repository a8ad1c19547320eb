"""The signatories directory, a council's page and the policy team's correction form in a real
browser: axe finds no WCAG 2.2 A/AA violation, and filtering works without JavaScript."""

import datetime

import pytest

from commitments.services import DATA_DIR, charter_version_load_file
from councils.models import Council
from tests.factories import (
    CouncilFactory,
    DistrictFactory,
    PolicyOfficerFactory,
    SignedCouncilFactory,
)

from .axe import assert_no_axe_violations, javascript_disabled
from .helpers import assert_reflows_at_320_pixels, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(transactional_db):
    version, _ = charter_version_load_file(DATA_DIR / "charter-v1.json")
    cherwell = DistrictFactory(name="Cherwell")
    vale = DistrictFactory(name="Vale of White Horse")
    CouncilFactory(name="Oxfordshire County Council", kind=Council.Kind.COUNTY, district=None)
    adderbury = SignedCouncilFactory(
        name="Adderbury Parish Council",
        district=cherwell,
        signed_version=version,
        website="https://adderbury.example.org/",
    )
    CouncilFactory(name="Bloxham Parish Council", district=cherwell, status="invited")
    CouncilFactory(
        name="Ardington Parish Meeting",
        kind=Council.Kind.PARISH_MEETING,
        kind_confirmed=False,
        district=vale,
        status="withdrawn",
    )
    CouncilFactory(
        name="Old Parish Council",
        district=vale,
        ended_on=datetime.date(2020, 3, 31),
        replaced_by=adderbury,
    )
    CouncilFactory.create_batch(55, district=vale)
    return {"adderbury": adderbury}


def test_the_directory_passes_axe(page, register):
    page.goto("/councils/")
    assert page.locator("h1").inner_text() == "Signatories"
    assert "1 of 59 councils in Oxfordshire has signed the charter." in page.content()
    assert page.locator(".govuk-pagination").is_visible()
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    assert_no_axe_violations(page)


def test_a_filtered_view_passes_axe(page, register):
    page.goto("/councils/")
    page.get_by_label("District", exact=True).select_option(label="Cherwell")
    page.get_by_label("Sort by").select_option(label="Status (signed first)")
    page.get_by_role("button", name="Show councils").click()
    assert "district=cherwell" in page.url
    assert "sort=status" in page.url
    rows = page.locator("#councils-table tbody th").all_inner_texts()
    assert rows == ["Adderbury Parish Council", "Bloxham Parish Council"]
    assert_no_axe_violations(page)


def test_an_empty_result_passes_axe(page, register):
    page.goto("/councils/?q=Atlantis")
    assert page.get_by_text("No councils match.").is_visible()
    assert_no_axe_violations(page)


def test_nonsense_filters_show_the_error_summary_and_pass_axe(page, register):
    page.goto("/councils/?status=banana&district=zzz&page=999&sort=drop")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Choose a status from the list" in summary.inner_text()
    assert "There is no page 999" in summary.inner_text()
    summary.get_by_role("link", name="Choose a district from the list").click()
    assert page.evaluate("document.activeElement.id") == "id_district"
    assert_no_axe_violations(page)


def test_a_council_page_passes_axe(page, register, live_server):
    page.goto(register["adderbury"].get_absolute_url())
    assert page.locator("h1").inner_text() == "Adderbury Parish Council"
    assert page.get_by_text("Correct these details").count() == 0
    assert_no_axe_violations(page)
    # An ended council, and the page as the policy team sees it.
    login(page, PolicyOfficerFactory(), live_server)
    page.goto("/councils/old-parish-council/")
    assert "This council ended on 31 March 2020" in page.content()
    assert page.get_by_role("link", name="Correct these details").is_visible()
    assert_no_axe_violations(page)


def test_the_correct_form_in_its_error_state_passes_axe(page, register, live_server):
    login(page, PolicyOfficerFactory(), live_server)
    page.goto(register["adderbury"].get_absolute_url())
    page.get_by_role("link", name="Correct these details").click()
    assert page.locator("h1").inner_text() == "Correct the details"
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("")
    page.get_by_label("Public contact email").fill("not an email")
    page.get_by_role("button", name="Save the corrections").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the council's name" in summary.inner_text()
    assert "Enter an email address" in summary.inner_text()
    assert page.get_by_label("Public contact email").input_value() == "not an email"
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("Adderbury Parish Meeting")
    page.get_by_label("Public contact email").fill("parish@adderbury.example.org")
    page.get_by_role("button", name="Save the corrections").click()
    assert page.locator("h1").inner_text() == "Adderbury Parish Meeting"
    assert "your corrections are saved" in page.content()


def test_filtering_works_without_javascript(page_no_js, register):
    page = javascript_disabled(page_no_js)
    page.goto("/councils/")
    page.get_by_label("Council name").fill("parish")
    page.get_by_label("Status", exact=True).select_option(label="Withdrawn")
    page.get_by_role("button", name="Show councils").click()
    assert "q=parish" in page.url
    names = page.locator("#councils-table tbody th").all_inner_texts()
    assert names == ["Ardington Parish Meeting"]
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Clear filters").click()
    assert page.locator("#councils-table tbody tr").count() == 50


def test_the_directory_reflows_at_320_pixels(page, register):
    assert_reflows_at_320_pixels(page, ("/councils/", register["adderbury"].get_absolute_url()))


def test_with_many_districts_the_counts_page_passes_axe(page, register):
    """Beyond 20 districts the directory links to their counts: that link, and the
    page it leads to, by keyboard."""
    for i in range(20):
        CouncilFactory(district=DistrictFactory(name=f"District {i:02}"))
    page.goto("/councils/")
    assert_no_axe_violations(page)
    link = page.get_by_role("link", name="How many have signed in each of the 22 districts")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/councils/by-district/")
    assert page.get_by_role("heading", level=1).inner_text() == "Signatories by district"
    assert page.get_by_role("link", name="District 07").is_visible()
    assert_no_axe_violations(page)
