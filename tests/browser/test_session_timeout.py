"""The warning before sign-out in a real browser (WCAG 2.2.1 timing adjustable): it
opens before the end, takes focus, passes axe, "Stay signed in" (keyboard alone) starts the time
again without leaving the page, and at the end it says you have been signed out. Without
JavaScript it never shows: the longer limit offered at sign-in is the way to more time."""

import json
import re

import pytest

from ..factories import CouncilRoleFactory
from .axe import assert_no_axe_violations
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(settings, live_server, council):
    """A clerk's page of their councils, in a session that ends in ``seconds``; the warning
    comes 20 seconds (WCAG's least) before the end."""
    settings.PORTAL_SESSION_WARNING_SECONDS = 20

    def open_page(page, seconds):
        settings.SESSION_COOKIE_AGE = seconds
        login(page, CouncilRoleFactory(council=council).user, live_server)
        page.goto("/councils/yours/")
        return page

    return open_page


def seconds_left(page):
    response = page.request.get("/accounts/session/", headers={"Accept": "application/json"})
    return json.loads(response.text())["seconds_left"]


def test_the_warning_offers_more_time_to_the_keyboard(page, signed_in):
    signed_in(page, 24)  # the warning is due 4 seconds after the page loads
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    assert not dialog.is_visible()

    dialog.wait_for(state="visible", timeout=15_000)
    assert page.evaluate("document.activeElement.id") == "session-timeout-heading"
    assert re.search(r"sign you out in (1 minute|less than a minute)", dialog.inner_text())
    assert_no_axe_violations(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    assert page.url.endswith("/councils/yours/")  # the same page, nothing typed lost
    assert seconds_left(page) > 20


def test_escape_also_keeps_you_signed_in(page, signed_in):
    signed_in(page, 21)
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    dialog.wait_for(state="visible", timeout=10_000)
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert seconds_left(page) > 18


def test_at_the_end_it_says_you_have_been_signed_out(page, signed_in):
    signed_in(page, 3)
    ended = page.get_by_role("heading", name="You have been signed out")
    ended.wait_for(state="visible", timeout=15_000)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Sign in again").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert page.get_by_role("heading", level=1).inner_text().lower() == "sign in"


def test_without_javascript_there_is_no_dialog(page_no_js, signed_in):
    signed_in(page_no_js, 3)
    assert not page_no_js.get_by_role("dialog").is_visible()
    assert_no_axe_violations(page_no_js)
