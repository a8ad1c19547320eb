"""Only the policy team can change the action plan, by any URL.

The test is built from the URL configuration: every pattern in ``actions.urls`` (a new one is
covered without touching this file), for every role and for GET and POST, with a payload that
would change the plan if the view let it. Every role but the policy team must get a redirect to
log in (or to set up two factors), a 403, a 404 or a 405, and no data may change. Pages are
public only if listed in ``PUBLIC``; any other URL is treated as the policy team's.
"""

from typing import NamedTuple

import pytest
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from actions import urls as action_urls
from actions.models import ActionItem, ActionUpdate
from tests.factories import ActionItemFactory, CouncilFactory, PolicyOfficerFactory

pytestmark = pytest.mark.django_db

# URL names anyone may read (GET only). Everything else is for the policy team.
PUBLIC = {"plan", "detail", "download-csv", "download-json", "feed"}
REFUSED = {302, 403, 404, 405}
NON_POLICY_ROLES = ["anon", "user", "clerk", "other_clerk", "policy_without_mfa"]
POLICY_ROLES = ["policy", "admin"]


class Route(NamedTuple):
    """One URL of ``actions.urls``: its name and whether its address names an item (the
    ``reference`` converter, in its own pattern or in an ``include()`` above it)."""

    name: str
    names_an_item: bool


def patterns(urlpatterns=None, above: bool = False) -> list[Route]:
    """Every URL of ``actions.urls``, walking into ``include()``s, so a page grouped under a
    prefix is checked as one at the top is."""
    routes = []
    for p in action_urls.urlpatterns if urlpatterns is None else urlpatterns:
        names_an_item = above or "reference" in p.pattern.converters
        if isinstance(p, URLResolver):
            routes += patterns(p.url_patterns, names_an_item)
        elif isinstance(p, URLPattern):
            routes.append(Route(p.name, names_an_item))
    return routes


def test_every_url_is_checked():
    names = {p.name for p in patterns()}
    assert len(names) == len(patterns()), "two URLs share a name"
    assert names >= PUBLIC
    assert {"manage", "create", "edit", "update-create", "close", "move", "history"} <= names


@pytest.fixture
def clients(
    anon_client, user_client, clerk_client, other_clerk_client, policy_client, admin_client
):
    from tests.conftest import _client_for

    return {
        "anon": anon_client,
        "user": user_client,
        "clerk": clerk_client,
        "other_clerk": other_clerk_client,
        "policy_without_mfa": _client_for(PolicyOfficerFactory(policy_team=False)),
        "policy": policy_client,
        "admin": admin_client,
    }


@pytest.fixture
def items(charter):
    return {
        "public": ActionItemFactory(title="Public action"),
        "hidden": ActionItemFactory(title="Hidden action", is_public=False),
        "last": ActionItemFactory(title="Last action"),
    }


def url_for(pattern: Route, item: ActionItem) -> str:
    kwargs = {"reference": item.reference} if pattern.names_an_item else {}
    return reverse(f"actions:{pattern.name}", kwargs=kwargs)


def payload(charter, item: ActionItem) -> dict:
    """Enough for any of the plan's forms to succeed: a change to every field."""
    return {
        "title": "Changed by an intruder",
        "description": "Changed",
        "commitments": [charter.commitments.first().pk],
        "aims": [charter.aims.first().pk],
        "lead_council": CouncilFactory().pk,
        "lead_partner": "",
        "lead_officer_role": "Intruder",
        "start_date": "2026-04-01",
        "due_date": "2026-12-31",
        "status": "delayed",
        "is_public": "on",
        "version": item.version,
        "date": timezone.localdate().isoformat(),
        "text": "An update by an intruder",
        "outcome": "cancelled",
        "note": "Closed by an intruder",
        "direction": "up",
    }


def snapshot() -> tuple:
    history = ActionItem.history.model.objects
    return (
        ActionItem.objects.count(),
        ActionUpdate.objects.count(),
        history.count(),
        list(ActionItem.objects.values_list("reference", "title", "status", "position", "version")),
    )


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def is_login_or_mfa_redirect(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and (
        location.startswith(reverse("account_login")) or location == reverse("mfa_activate_totp")
    )


def test_nobody_but_the_policy_team_can_change_the_plan(clients, items, charter):
    checked = 0
    for pattern in patterns():
        for item in (items["public"], items["hidden"]):
            url = url_for(pattern, item)
            data = payload(charter, item)
            names_an_item = pattern.names_an_item
            readable = pattern.name in PUBLIC and (item.is_public or not names_an_item)
            for role in NON_POLICY_ROLES:
                client = clients[role]
                before = snapshot()

                response = client.get(url)
                if readable:
                    assert response.status_code == 200, (role, url)
                else:
                    assert response.status_code in REFUSED, (role, "GET", url, response.status_code)
                    if response.status_code == 302:
                        assert is_login_or_mfa_redirect(response), (role, url, response["Location"])
                assert "Hidden action" not in body(response), (role, url)

                response = client.post(url, data)
                assert response.status_code in REFUSED, (role, "POST", url, response.status_code)
                if response.status_code == 302:
                    assert is_login_or_mfa_redirect(response), (role, url, response["Location"])
                assert snapshot() == before, (role, "POST", url)
                checked += 1
    assert checked == len(patterns()) * 2 * len(NON_POLICY_ROLES)


def test_the_policy_team_reaches_every_url(clients, items, charter):
    """The control: the same URLs work for the policy team, so the refusals above are real."""
    for pattern in patterns():
        url = url_for(pattern, items["hidden"])
        for role in POLICY_ROLES:
            response = clients[role].get(url)
            expected = 405 if pattern.name == "move" else 200
            assert response.status_code == expected, (role, url)


def test_the_payload_would_change_the_plan_for_the_policy_team(policy_client, items, charter):
    """The payload the other roles send is one that works: posted by the policy team to each
    of its URLs, it changes the plan (pages that only read answer a POST with 405)."""
    for pattern in patterns():
        if pattern.name in PUBLIC:
            continue
        item = ActionItem.objects.get(pk=items["last"].pk)
        before = snapshot()
        response = policy_client.post(url_for(pattern, item), payload(charter, item))
        if pattern.name in {"manage", "history"}:
            assert response.status_code == 405, pattern.name
            assert snapshot() == before, pattern.name
        else:
            assert response.status_code == 302, (pattern.name, response.content.decode()[:2000])
            assert snapshot() != before, pattern.name
