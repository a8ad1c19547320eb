"""Accessibility checks with axe-core (axe-playwright-python) on a Playwright page."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page's current document; return its WCAG 2.2 A/AA violations."""
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
