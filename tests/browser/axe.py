"""Accessibility checks with axe-core (axe-playwright-python) on a Playwright page."""

import weakref

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

_axe = Axe()

# Pages whose browser context has JavaScript disabled (the page_no_js fixture).
# Playwright can still evaluate script there, but timers never fire, so axe-core
# would wait forever: on such pages setTimeout is replaced with a microtask
# before axe runs (no page script can run there anyway).
_PAGES_WITHOUT_JS: weakref.WeakSet = weakref.WeakSet()
_TIMERS_WITHOUT_JS = """() => {
  window.setTimeout = (fn, _ms, ...args) => {
    Promise.resolve().then(() => (typeof fn === "function" ? fn(...args) : undefined));
    return 0;
  };
  window.clearTimeout = () => {};
}"""


def javascript_disabled(page):
    """Tell axe_violations that this page's context has JavaScript disabled."""
    _PAGES_WITHOUT_JS.add(page)
    return page


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page's current document; return its WCAG 2.2 A/AA violations."""
    if page in _PAGES_WITHOUT_JS:
        page.evaluate(_TIMERS_WITHOUT_JS)
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def _target(node: dict) -> str:
    # A target is a list of selectors; a nested list reaches into an iframe or shadow DOM.
    parts = [" ".join(t) if isinstance(t, list) else str(t) for t in node.get("target", [])]
    return " >> ".join(parts)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']} <{violation.get('helpUrl', '')}>"
        )
        lines.extend(f"    at {_target(node)}" for node in violation.get("nodes", []))
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    """Fail with a readable list (rule id, impact, help, target selectors) of the
    WCAG 2.0/2.1/2.2 A and AA violations that axe-core finds on the page."""
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations)
        )
