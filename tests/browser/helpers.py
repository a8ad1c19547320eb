"""Helpers for browser tests."""

from django.conf import settings
from django.test import Client

from .axe import assert_no_axe_violations


def login(page_or_context, user, live_server):
    """Log ``user`` in to the browser context of a Playwright page (or a context itself): a
    session made with ``Client.force_login``, its cookie copied into the browser. No password,
    no second factor: the policy team's pages only check that one is set up."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = getattr(page_or_context, "context", page_or_context)
    cookie = settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [{"name": cookie, "value": client.cookies[cookie].value, "url": live_server.url}]
    )
    return user


def fill_date(page, legend, iso: str):
    """Fill GOV.UK's date input (Day, Month, Year) of the group named ``legend``."""
    import datetime

    date = datetime.date.fromisoformat(iso)
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", date.day), ("Month", date.month), ("Year", date.year)):
        group.get_by_label(label, exact=True).fill(str(value))


def sideways_overflow(page) -> float:
    """How many CSS pixels the page is wider than its viewport (0 or less: no sideways scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def assert_reflows_at_320_pixels(page, urls) -> None:
    """Each of ``urls`` reads at 320 CSS pixels wide without scrolling sideways (WCAG 2.2,
    1.4.10 Reflow: 320 by 256 CSS pixels)."""
    page.set_viewport_size({"width": 320, "height": 640})
    for url in urls:
        page.goto(url)
        overflow = sideways_overflow(page)
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px wide"


def assert_pages_pass_axe(page, urls) -> None:
    """Each of ``urls`` (paths) passes axe: no WCAG 2.2 A or AA violation."""
    for url in urls:
        page.goto(url)
        assert_no_axe_violations(page)


def assert_errors_pass_axe(page, button: str) -> None:
    """Press the button named ``button``: the form shows its error summary, and the page in its
    error state passes axe."""
    page.get_by_role("button", name=button).click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page)


def assert_conflict_passes_axe(page, button: str) -> None:
    """Press the button named ``button`` after someone else saved the same record: the page shows
    both versions ("What changed while you were editing") and passes axe."""
    page.get_by_role("button", name=button).click()
    assert page.get_by_text("What changed while you were editing").is_visible()
    assert_no_axe_violations(page)
