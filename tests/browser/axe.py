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


def _govuk_conditional_reveal(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend's radios and checkboxes that reveal a question set aria-expanded on the
    input, which ARIA does not allow there; GOV.UK keeps it on purpose (screen readers announce
    it) and lists axe's finding as a known issue: alphagov/govuk-frontend#979. Only that is
    left out, so any other attribute on those inputs still fails."""
    summary = node.get("failureSummary", "")
    offending = [line for line in summary.splitlines() if "not allowed" in line]
    return (
        violation["id"] == "aria-allowed-attr"
        and (
            "govuk-radios__input" in node.get("html", "")
            or "govuk-checkboxes__input" in node.get("html", "")
        )
        and "aria-controls=" in node.get("html", "")
        and bool(offending)
        and all("aria-expanded" in line for line in offending)
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page's current document; return its WCAG 2.2 A/AA violations
    (less GOV.UK Frontend's known conditional-reveal finding, see above)."""
    if page in _PAGES_WITHOUT_JS:
        page.evaluate(_TIMERS_WITHOUT_JS)
    violations = []
    for violation in _axe.run(page, options=AXE_OPTIONS).response["violations"]:
        nodes = [n for n in violation["nodes"] if not _govuk_conditional_reveal(violation, n)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


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
