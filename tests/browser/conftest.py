"""Fixtures for browser tests: Playwright's sync API driving Debian's Chromium.

Write browser tests under tests/browser/ like this::

    import pytest

    from .axe import assert_no_axe_violations

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


    def test_home_page(page):
        page.goto("/")  # relative to live_server.url
        assert_no_axe_violations(page)

Fixtures:

- ``playwright_browser`` (session): headless ``/usr/bin/chromium``.
- ``page``: a page in a new browser context per test, ``base_url=live_server.url``.
- ``page_no_js``: the same with JavaScript disabled (the no-JS path of the service);
  ``assert_no_axe_violations`` works on it too.

Both pages use pytest-django's ``live_server``, which serves the app and its
static files from a thread of the test process. It needs ``transactional_db``
access (pytest-django requests it for you): mark browser tests with
``@pytest.mark.django_db(transaction=True)`` so that the data a test creates is
committed and visible to the server thread. Every test in this folder gets the
``browser`` marker automatically (``pytest -m "not browser"`` leaves them out).

All tests in this folder are skipped when ``SKIP_BROWSER_TESTS=1`` or when
``/usr/bin/chromium`` is missing (``scripts/test`` installs it with apt), except
under ``CI=true``, where they fail instead.
"""

import os
from pathlib import Path

import pytest

from .axe import javascript_disabled

# Playwright's sync API runs an asyncio event loop in this thread; without this
# Django refuses ORM calls made from the test ("You cannot call this from an
# async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 10_000
HERE = Path(__file__).parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"}


def _unavailable_reason() -> str | None:
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        return "SKIP_BROWSER_TESTS=1"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium, or run scripts/test)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _unavailable_reason()
    for item in items:
        if HERE not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not _in_ci():
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(scope="session")
def playwright_browser():
    reason = _unavailable_reason()
    if reason:
        if _in_ci():
            pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(playwright_browser, live_server):
    context, page = _new_page(playwright_browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_no_js(playwright_browser, live_server):
    context, page = _new_page(playwright_browser, live_server, java_script_enabled=False)
    yield javascript_disabled(page)
    context.close()
