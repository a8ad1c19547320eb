"""Fixtures for the journeys: ``driver`` runs a journey three times (mouse, keyboard alone,
JavaScript off); ``open_driver(mode)`` opens a further browser (a second person) in a mode."""

import pytest

from ..axe import javascript_disabled
from ..conftest import DEFAULT_TIMEOUT_MS
from .driver import CHECKED, DESKTOP, PROBLEMS, VISITED, Driver

MODES = ["mouse", "keyboard", "no_js"]


@pytest.fixture
def open_driver(playwright_browser, live_server):
    contexts = []

    def open_driver(mode: str) -> Driver:
        context = playwright_browser.new_context(
            base_url=live_server.url,
            java_script_enabled=mode != "no_js",
            locale="en-GB",
            timezone_id="Europe/London",
            viewport=DESKTOP,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if mode == "no_js":
            javascript_disabled(page)
        return Driver(page, mode)

    yield open_driver
    for context in contexts:
        context.close()


@pytest.fixture(params=MODES)
def driver(request, open_driver) -> Driver:
    return open_driver(request.param)


def pytest_terminal_summary(terminalreporter):
    if CHECKED:
        terminalreporter.write_line(
            f"accessibility journeys: {len(CHECKED)} page states checked with axe and for "
            f"reflow, {len(VISITED)} views reached"
        )
    for problem in PROBLEMS:
        terminalreporter.write_line(f"JOURNEYS_SOFT: {problem}")
