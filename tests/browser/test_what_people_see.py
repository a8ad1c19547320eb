"""What people see on a phone and with the keyboard: the directory and the progress
overview reflow at 320 CSS pixels with the status in view, and the report form's conditional
reveal and character count; axe on each page."""

import pytest
from playwright.sync_api import expect

from councils.models import ReportingPeriod

from ..factories import (
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    ProgressReportFactory,
    signatory,
)
from .axe import assert_no_axe_violations
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = ReportingPeriod.current()
PHONE = {"width": 320, "height": 640}


def _fits(page, selector: str) -> None:
    """The element is inside the 320 px screen and nothing scrolls sideways to see it."""
    box = page.locator(selector).first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)
    overflow = page.evaluate(
        "Math.max(...[document.documentElement, ...document.querySelectorAll("
        "'.portal-table-container')].map(e => e.scrollWidth - e.clientWidth))"
    )
    assert overflow <= 0, f"something scrolls sideways by {overflow}px at 320 px"


def test_the_directory_shows_each_councils_status_on_a_phone(page, charter):
    district = DistrictFactory(name="Vale of White Horse")
    signatory(CouncilFactory(name="Sutton Courtenay Parish Council", district=district), charter)
    CouncilFactory(name="Steventon Parish Council", district=district)
    page.set_viewport_size(PHONE)
    page.goto("/councils/")
    _fits(page, "#councils-table tbody tr:first-child td[data-label='Status']")
    status = page.locator("#councils-table tbody tr:first-child td[data-label='Status']")
    assert status.is_visible()
    assert_no_axe_violations(page)


def test_the_progress_overview_fits_a_phone_and_leaves_out_not_applicable(page, charter):
    cherwell = DistrictFactory(name="Cherwell")
    communication = charter.commitments.get(key="communication")
    councils = [signatory(CouncilFactory(district=cherwell), charter) for _ in range(3)]
    ProgressReportFactory(council=councils[0], commitment=communication, status="embedded")
    ProgressReportFactory(
        council=councils[1],
        commitment=communication,
        status="not-applicable",
        not_applicable_reason="No staff.",
    )
    page.set_viewport_size(PHONE)
    page.goto("/councils/progress/")
    cell = page.locator("td[data-label='Communication']").first
    assert "50%" in cell.inner_text() and "1 of 2; 1 not applicable" in cell.inner_text()
    _fits(page, "td[data-label='Communication']")
    assert_no_axe_violations(page)


def test_the_report_form_reveals_the_reason_and_counts_characters(page, live_server, charter):
    council = signatory(CouncilFactory(), charter)
    role = CouncilRoleFactory(council=council)
    login(page, role.user, live_server)
    page.goto(f"/councils/{council.slug}/progress/communication/")
    reason = page.locator("#id_not_applicable_reason")
    assert not reason.is_visible()
    page.get_by_label("Not applicable").check()
    assert reason.is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What the council did").fill("x" * 5003)
    group = page.locator(".govuk-character-count", has=page.locator("#id_what_we_did"))
    expect(group.locator(".govuk-character-count__status")).to_contain_text(
        "You have 3 characters too many"
    )
    assert page.get_by_label("What the council did").input_value() == "x" * 5003  # not cut
    page.get_by_role("button", name="Save the report").click()
    summary = page.locator(".govuk-error-summary")
    assert "you have 3 characters too many" in summary.inner_text()
    assert "Say why this commitment does not apply" in summary.inner_text()
    assert_no_axe_violations(page)
