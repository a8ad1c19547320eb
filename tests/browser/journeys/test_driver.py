"""The driver's own checks fail when they should: a focus indicator taken away, a page that
scrolls sideways, an error summary link to a field that is not there, a Tab that never arrives."""

import pytest

from .driver import Driver, assert_errors_described, assert_reflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLE = "<style>a:focus { outline: 3px solid #fd0; }</style>"


def page_with(page, body: str) -> Driver:
    page.set_content(
        f"<!doctype html><html lang='en'><head><title>t</title>{STYLE}</head>"
        f"<body><main>{body}</main></body></html>"
    )
    return Driver(page, "keyboard")


def test_tab_to_checks_that_focus_is_visible(page):
    driver = page_with(page, "<a href='#a'>First</a> <a href='#b' class='x'>Second</a>")
    driver.tab_to(driver.link("Second"))
    assert driver.focus_stops == 2

    driver = page_with(
        page, "<style>.x:focus { outline: none; }</style><a href='#a' class='x'>Hidden focus</a>"
    )
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        driver.tab_to(driver.link("Hidden focus"))


def test_tab_to_gives_up_on_what_the_keyboard_cannot_reach(page):
    driver = page_with(page, "<a href='#a'>Here</a> <a tabindex='-1'>Not in the tab order</a>")
    with pytest.raises(AssertionError, match="never reached"):
        driver.tab_to(driver.page.get_by_text("Not in the tab order"), limit=5)


def test_reflow_finds_sideways_scrolling_and_unlabelled_scrolling_regions(page):
    page_with(page, "<p>Fits.</p>")
    assert_reflows(page)
    page_with(page, "<div style='width: 500px'>Too wide</div>")
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_reflows(page)
    page_with(page, "<div style='overflow-x: auto'><div style='width: 500px'>Wide</div></div>")
    with pytest.raises(AssertionError, match="not a focusable, labelled region"):
        assert_reflows(page)


def test_error_summary_links_must_move_focus_to_their_field(page):
    summary = (
        "<div class='govuk-error-summary'><ul class='govuk-error-summary__list'>"
        "<li><a href='#id_name'>Enter a name</a></li></ul></div>"
    )
    driver = page_with(page, summary + "<label for='id_name'>Name</label><input id='id_name'>")
    driver.focus_follows_links(["Enter a name"], ["id_name"])
    driver = page_with(page, summary + "<label for='id_nom'>Name</label><input id='id_nom'>")
    with pytest.raises(AssertionError, match="not to the field #id_name"):
        driver.focus_follows_links(["Enter a name"], ["id_name"])


def test_fields_in_error_must_be_described_by_their_message(page):
    message = "<p class='govuk-error-message' id='id_name_error'>Enter a name</p>"
    page_with(page, message + "<input id='id_name' aria-describedby='id_name_error'>")
    assert_errors_described(page, ["id_name"])
    page_with(page, message + "<input id='id_name'>")
    with pytest.raises(AssertionError, match="without their message"):
        assert_errors_described(page, ["id_name"])
