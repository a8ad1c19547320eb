"""A clerk of three councils reports progress for each (task list, report form, back), one
report with a mistake first: with the mouse, with the keyboard alone and with JavaScript off."""

import pytest

from councils.models import ProgressReport, ReportingPeriod
from tests.factories import CouncilFactory, CouncilRoleFactory, UserFactory, signatory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # UserFactory's


@pytest.fixture
def clerk(charter):
    clerk = UserFactory(full_name="Sam Okafor", email="sam@parishes.example.org")
    for name in ("Adderbury", "Bloxham", "Deddington"):
        council = signatory(CouncilFactory(name=f"{name} Parish Council"), charter)
        CouncilRoleFactory(council=council, user=clerk)
    return clerk


def test_a_clerk_of_three_councils_reports_for_each(driver, clerk):
    period = ReportingPeriod.current()
    driver.sign_in(clerk.email, PASSWORD)
    for n, name in enumerate(("Adderbury", "Bloxham", "Deddington")):
        council = f"{name} Parish Council"
        driver.menu("Your councils")
        driver.follow(f"Report progress for {council}")
        assert driver.heading() == f"Report progress for {period}"
        driver.follow("Communication")
        if n == 0:
            # Nothing chosen and a link that is not one: the errors, with what was typed kept.
            driver.fill("What the council did", "Our newsletter")
            driver.fill("Evidence links", "not a link")
            driver.submit("Save the report")
            assert "Choose how far the council has got" in driver.main_text()
            assert driver.field("What the council did").input_value() == "Our newsletter"
            driver.fill("Evidence links", "https://example.org/news")
        driver.choose("In progress")
        driver.fill("What the council did", f"Newsletter number {n}")
        driver.submit("Save the report")
        assert f"Saved the report on Communication for {period}" in driver.main_text()
        if n == 1:
            # Open another commitment, then go back without saving.
            driver.follow("Resources")
            driver.follow("Back to the commitments")
        assert driver.page.locator("#task-1-status").inner_text().strip() == "Reported"
    assert ProgressReport.objects.filter(reported_by=clerk).count() == 3
