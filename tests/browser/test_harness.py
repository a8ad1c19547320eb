"""Checks of the browser-test harness itself (Chromium, Playwright, axe-core)."""

import pytest

from .axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCESSIBLE = (
    "<!doctype html><html lang='en'><head><title>t</title></head>"
    "<body><main><h1>Hello</h1></main></body></html>"
)
IMAGE_WITHOUT_ALT = (
    "<!doctype html><html lang='en'><head><title>t</title></head>"
    "<body><main><h1>Hello</h1><img src='data:image/gif;base64,"
    "R0lGODlhAQABAAAAACwAAAAAAQABAAA='></main></body></html>"
)


def test_accessible_page_passes_axe(page):
    page.set_content(ACCESSIBLE)
    assert page.locator("h1").inner_text() == "Hello"
    assert_no_axe_violations(page)


def test_image_without_alt_fails_axe(page):
    page.set_content(IMAGE_WITHOUT_ALT)
    with pytest.raises(AssertionError) as excinfo:
        assert_no_axe_violations(page)
    message = str(excinfo.value)
    assert "image-alt (critical)" in message
    assert "at img" in message


def test_axe_runs_with_javascript_disabled(page_no_js):
    page_no_js.set_content(
        IMAGE_WITHOUT_ALT.replace("<main>", "<main><script>document.title='js'</script>")
    )
    assert page_no_js.title() == "t"  # the page's own script did not run
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_axe_violations(page_no_js)
