"""The pages that refuse a bad request early (charter_portal/middleware.py): a control
character in the address (400) and a form too large to accept (413), in a real browser: axe
finds no violation, with and without JavaScript."""

import pytest

from .axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_a_control_character_in_the_address_is_a_400_page_that_passes_axe(request, fixture):
    page = request.getfixturevalue(fixture)
    response = page.goto("/councils/confirm/abc%00def/")
    assert response.status == 400
    assert "control character" in page.locator("main").inner_text()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_a_form_over_the_limit_is_a_413_page_that_passes_axe(request, fixture, settings):
    settings.PORTAL_MAX_REQUEST_BYTES = 1024  # the log-in form, with a long password, is more
    page = request.getfixturevalue(fixture)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "clerk@example.org")
    page.fill("input[name=password]", "p" * 2000)  # no maxlength on a password
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").last.click()
    assert page.locator("h1").inner_text() == "What you sent is too large"
    assert "up to 1.0" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
