"""No links across floors by string: a lower floor never names a higher floor's model label
(``"councils.Council"``), URL name (``"councils:my-councils"``), template (``"councils/..."``)
or address (``"/councils/..."``). Where a lower floor needs something above it, the higher app
registers it (``accounts.hooks``, ``ui.cache.PAGE_GROUPS``...), so the dependency shows in
imports, where the floors' contract can check it.

The shared layout (``templates/base.html``, ``templates/includes/``, the error pages) links the
site's own pages (home, contact, "Data and API"): it is the site's, not a floor's.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# From the ground up: an app may name the apps on its floor or below, never above.
FLOORS = [
    ["ui"],
    ["commitments", "accounts"],
    ["councils"],
    ["actions"],
    ["partnerships"],
    ["api"],
    ["charter_portal"],
]
TEMPLATE_DIRS = {
    "accounts": ["accounts", "account", "mfa", "allauth"],
    "commitments": ["commitments"],
    "councils": ["councils"],
    "actions": ["actions"],
    "partnerships": ["partnerships"],
    "api": ["api"],
}
ADDRESSES = {
    "councils": "/councils/",
    "actions": "/actions/",
    "partnerships": "/partnerships/",
    "api": "/api/v1/",
}


def _above(app: str) -> list[str]:
    level = next(i for i, floor in enumerate(FLOORS) if app in floor)
    return [higher for floor in FLOORS[level + 1 :] for higher in floor]


def _files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path
    for folder in TEMPLATE_DIRS.get(app, []):
        yield from sorted((ROOT / "templates" / folder).rglob("*.*"))


def _pattern(higher: str) -> re.Pattern:
    names = [
        rf"{higher}\.[A-Z]",  # a model label
        rf"{higher}:[a-z]",  # a URL name
        rf"{higher}/[\w/]*\.(html|txt)",  # a template
    ]
    if higher in ADDRESSES:
        names.append(re.escape(ADDRESSES[higher]))
    return re.compile(r"""["'](?:""" + "|".join(names) + ")")


@pytest.mark.parametrize("app", [app for floor in FLOORS[:-1] for app in floor])
def test_no_floor_names_a_higher_floor_by_string(app):
    patterns = {higher: _pattern(higher) for higher in _above(app)}
    found = []
    for path in _files(app):
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for higher, pattern in patterns.items():
                if pattern.search(line):
                    found.append(
                        f"{path.relative_to(ROOT)}:{number}: names {higher}: {line.strip()}"
                    )
    assert not found, "\n".join(found)
