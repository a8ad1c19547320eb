"""The "service unavailable" page (charter_portal/middleware.py) in a real browser:
axe finds no violation, with and without JavaScript."""

import pytest

from .axe import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.reliability.urls"),
]


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_service_unavailable_page_passes_axe(request, fixture):
    page = request.getfixturevalue(fixture)
    response = page.goto("/test/database-down/")
    assert response.status == 503
    assert page.locator("h1").inner_text() == "Sorry, the service is unavailable"
    assert_no_axe_violations(page)
