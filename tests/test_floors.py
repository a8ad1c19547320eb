"""No links across floors by string: a lower floor never names a higher floor's model label
(``"councils.Council"``), URL name (``"councils:my-councils"``, or one without a namespace
such as ``"policy-dashboard"``), template (``"councils/..."``) or address
(``"/councils/..."``). Where a lower floor needs something above it, the higher app
registers it (``accounts.hooks``, ``ui.cache.PAGE_GROUPS``...), so the dependency shows in
imports, where the floors' contract can check it.

The shared layout (``templates/base.html``, ``templates/includes/``, the error pages) links the
site's own pages (home, contact, "Data and API"): it is the site's, not a floor's. Any page may
name the site's pages without a namespace (``SITE_PAGES``).
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent


def _floors() -> list[list[str]]:
    """The floors from the ground up, as the import contract in pyproject.toml lists them (top
    first, ``"a | b"`` for apps on one floor): an app may name the apps on its floor or below,
    never above."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [[app.strip() for app in layer.split("|")] for layer in reversed(contract["layers"])]


FLOORS = _floors()
SITE_PAGES = {"home", "contact", "accessibility", "privacy"}
TEMPLATE_DIRS = {"accounts": ["accounts", "account", "mfa", "allauth"]}  # otherwise [app]
ADDRESSES = {
    "councils": "/councils/",
    "actions": "/actions/",
    "partnerships": "/partnerships/",
    "consultations": "/consultations/",
    "toolkit": "/toolkit/",
    "api": "/api/v1/",
    "charter_portal": "/policy/",
}


def _above(app: str) -> list[str]:
    level = next(i for i, floor in enumerate(FLOORS) if app in floor)
    return [higher for floor in FLOORS[level + 1 :] for higher in floor]


def _files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path
    for folder in TEMPLATE_DIRS.get(app, [app]):
        yield from sorted((ROOT / "templates" / folder).rglob("*.*"))


def _unnamespaced_names() -> dict[str, set[str]]:
    """App -> the URL names without a namespace (``"policy-dashboard"``) of its views, the app
    being where the view is written, whichever ``urls.py`` names it (``"open-data"`` is the
    api's); the site's pages left out."""
    names: dict[str, set[str]] = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver) and pattern.namespace is None:
                walk(pattern.url_patterns)  # an include() of pages that keep no namespace
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "view_class", pattern.callback)
                if pattern.name not in SITE_PAGES:
                    names.setdefault(view.__module__.split(".")[0], set()).add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_names_grouped_under_a_prefix_are_seen_too():
    # The policy team's charter-version pages sit in an include() without a namespace.
    assert "policy-charter-versions" in _unnamespaced_names()["charter_portal"]


def _pattern(higher: str, unnamespaced: set[str] = frozenset()) -> re.Pattern:
    names = [
        rf"{higher}\.[A-Z]",  # a model label
        rf"{higher}:[a-z]",  # a URL name
        rf"{higher}/[\w/]*\.(html|txt)",  # a template
    ]
    if higher in ADDRESSES:
        names.append(re.escape(ADDRESSES[higher]))
    strings = r"""["'](?:""" + "|".join(names) + ")"
    if not unnamespaced:
        return re.compile(strings)
    # A name without a namespace is a plain word ("home", "contact"): caught where it is used
    # as a URL name, in a template's {% url %} or a call that takes one.
    plain = "|".join(re.escape(name) for name in sorted(unnamespaced))
    calls = r"""(?:\{%\s*url\s+|\b(?:reverse|reverse_lazy|redirect|resolve_url)\(\s*)"""
    return re.compile(rf"""{strings}|{calls}["'](?:{plain})["']""")


@pytest.mark.parametrize("app", [app for floor in FLOORS[:-1] for app in floor])
def test_no_floor_names_a_higher_floor_by_string(app):
    unnamespaced = _unnamespaced_names()
    patterns = {higher: _pattern(higher, unnamespaced.get(higher, set())) for higher in _above(app)}
    found = []
    for path in _files(app):
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for higher, pattern in patterns.items():
                if pattern.search(line):
                    found.append(
                        f"{path.relative_to(ROOT)}:{number}: names {higher}: {line.strip()}"
                    )
    assert not found, "\n".join(found)
