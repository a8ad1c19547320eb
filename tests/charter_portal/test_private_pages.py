"""Pages with personal data are never kept by a proxy or a browser's cache: every page that is
not public (by the rules of tests/permission_rules.py), as each role that may open it, sends
``Cache-Control: private, no-store`` (charter_portal/middleware.py ``PrivatePagesMiddleware``,
and the council's confirmation link's own view)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.cache import get_max_age

from tests import permission_rules as rules

pytestmark = pytest.mark.django_db

PRIVATE_RULES = {"account", "owner", "clerk-of-council", "policy", "token", "allauth"}
ROUTES = [
    route
    for route in rules.routes()
    if (rule := rules.rule_for(route)) is not None and rule.rule in PRIVATE_RULES
]
# The admin's ~110 pages: a sample of each kind, as an admin.
ADMIN_ROUTES = [
    route
    for route in rules.routes()
    if route.name
    in {
        "admin:index",
        "admin:councils_council_changelist",
        "admin:councils_council_change",
        "admin:accounts_user_changelist",
        "admin:accounts_user_change",
    }
]


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with rules.dataset_for_module(django_db_blocker) as d:
        yield d


def _get(data, role, url):
    cache.clear()
    client = rules.client_for(data, role)
    with transaction.atomic():
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response


def _roles(data, rule) -> list[str]:
    if rule.rule == "allauth":  # allauth's pages: for each signed-in role
        return [role for role in rules.ROLES if role != "anon"]
    return [role for role in rules.ROLES if rules.access(data, rule.rule, role) == rules.OK]


def _assert_private(response, where):
    value = response.get("Cache-Control", "")
    parts = {part.strip() for part in value.split(",")}
    assert {"private", "no-store"} <= parts, f"{where}: Cache-Control {value!r}"
    assert "public" not in parts and not get_max_age(response), f"{where}: {value!r}"


@pytest.mark.parametrize("route", ROUTES + ADMIN_ROUTES, ids=lambda route: route.key)
def test_every_page_that_is_not_public_is_private_and_not_stored(data, route):
    rule = rules.rule_for(route)
    url = rules.build_url(route, lambda name, r: rules.kwarg_value(data, name, r))
    roles = ["admin"] if rule.rule == "admin-site" else _roles(data, rule)
    answered = 0
    for role in roles:
        response = _get(data, role, url)
        if response.status_code >= 500:
            pytest.fail(f"GET {url} as {role}: {response.status_code}")
        _assert_private(response, f"GET {url} as {role} ({response.status_code})")
        answered += response.status_code == 200
    assert answered or rule.get != 200 or rule.rule == "allauth", f"{url}: no role read it"


@pytest.mark.parametrize(
    "name", ["home", "councils:directory", "councils:directory-csv", "actions:plan"]
)
def test_public_pages_are_private_for_a_signed_in_person_only(data, name):
    """Signed in, the header shows their name (and the policy team sees more): private. To
    anyone else a public page may be kept."""
    _assert_private(_get(data, "clerk_a", reverse(name)), name)
    anonymous = _get(data, "anon", reverse(name))
    assert "no-store" not in anonymous.get("Cache-Control", "")


def test_the_data_download_is_private(data):
    response = _get(data, "clerk_a", reverse("accounts:your-data"))
    _assert_private(response, "your data")
