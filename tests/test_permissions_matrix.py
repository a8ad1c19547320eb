"""Every URL of the portal, as every role, with every method, against one table of rules.

The URLs come from walking ``charter_portal.urls`` (allauth's and the admin's included); the
rules, the roles and the data set are in ``tests/permission_rules.py``. For each URL and role:

- GET and HEAD get what the rule says: the page (200, or the status the table gives), a
  redirect to log in, a 403 or a 404; and they change no data;
- POST sends a payload that would change the data if the role could: a role the rule refuses
  is refused the same way (or 405), and NO row changes in any table but the sessions (on
  PostgreSQL not even one row is written, by its own count of the transaction's writes); a
  role the rule allows gets the status the table gives, and for URLs marked ``writes`` its POST
  really changes the data (so the refusals are real);
- PUT and DELETE are never a server error and change nothing (unless the role may POST);
- no page shows what only the policy team may see (the hidden action item, the hidden risk, a
  council's register history) to a role the named rule for it refuses: a member of the team
  without two factors included.

Who may use a page is asked of the portal's named rules (``councils/permissions.py``) for each
role's user, through ``rules.access``: the table holds no second copy of them.

The data set is built once for the module; each request runs in a savepoint rolled back
afterwards, so one role's change never reaches the next request. A URL with no rule, or whose
arguments cannot be filled, fails with a message that says what to add.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import resolve, reverse

from tests import permission_rules as rules

# Each test runs in a transaction of its own (rolled back), each request in a savepoint of it.
pytestmark = pytest.mark.django_db

ROUTES = rules.routes()
METHODS = ["get", "head", "post", "put", "delete"]
# HEAD, PUT and DELETE are asked by three roles (anyone, a clerk, the policy team). The admin's
# ~110 patterns (Django's own) are asked GET and POST by anyone, a signed-in user who is not
# staff (a clerk), the policy team and an admin. This keeps the matrix under a minute.
OTHER_METHODS_ROLES = {"anon", "clerk_a", "policy"}
ADMIN_METHODS = ["get", "post"]
ADMIN_ROLES = {"anon", "clerk_a", "policy_no_2fa", "policy", "admin"}
SKIPPED_TABLES = {"django_session"}  # a log-in or log-out changes only the session
# What only the policy team may see, by the named rule that shows it: no page may show it to a
# role the rule refuses.
POLICY_ONLY = {
    "Hidden action": "action_plan.manage",  # the action item not on the public plan
    "Hidden risk": "partnerships.manage",  # the partnership's risk not published
    "Recent changes to the register entry": "council.see_history",
}


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with rules.dataset_for_module(django_db_blocker) as d:
        yield d


def _tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables - SKIPPED_TABLES)


TABLES = _tables()
TABLE_SET = set(TABLES)


def snapshot() -> dict:
    """What the transaction has written so far, by table: PostgreSQL's own count of rows
    inserted, updated and deleted in it (which catches a write even if it is undone); on
    SQLite, row counts."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            )
            return {t: n for t, n in cursor.fetchall() if t in TABLE_SET}
        # Table names come from the models, quoted.
        quote = connection.ops.quote_name
        counts = ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in TABLES)  # noqa: S608
        cursor.execute(f"SELECT {counts}")
        return dict(zip(TABLES, cursor.fetchone(), strict=True))


def send(data, role: str, method: str, url: str, payload: dict):
    """One request in a savepoint rolled back afterwards: (response, body, tables changed)."""
    cache.clear()  # rate limits count in the cache
    client = rules.client_for(data, role)
    with transaction.atomic():
        before = snapshot()
        response = client.post(url, payload) if method == "post" else getattr(client, method)(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        changed = ["(a server error)"]
        if response.status_code < 500:
            after = snapshot()
            changed = sorted(t for t in after if after[t] != before.get(t, 0))
        transaction.set_rollback(True)
    return response, body.decode(errors="replace"), changed


def _goes_to_login(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith(
        (reverse("account_login"), "/admin/login/")
    )


def problems_with(
    rule, role, method, response, changed, url, route_name="", *, access, back_office
) -> list[str]:
    """What is wrong with this answer, by the table (empty when all is well): ``access`` is what
    the role may (``rules.access``), ``back_office`` whether the rule "back_office" lets it in
    the admin."""
    status = response.status_code
    where = f"{method.upper()} {url} as {role}"
    found = []
    if status >= 500:
        error = getattr(response, "exc_info", None)
        return [f"{where}: server error {status} {error[1]!r}" if error else f"{where}: {status}"]
    may_write = method == "post" and access == rules.OK
    if changed and not may_write and not (access == "admin-site" and back_office):
        found.append(f"{where}: changed {', '.join(changed)} (status {status})")
    if access == rules.OK:
        if method in ("get", "head") and status != rule.get:
            found.append(f"{where}: {status}, expected {rule.get}")
        if method == "post" and status not in rule.post_statuses:
            found.append(f"{where}: {status}, expected {sorted(rule.post_statuses)}")
    elif access == rules.LOGIN:
        if not _goes_to_login(response):
            found.append(f"{where}: {status} {response.get('Location', '')}, expected log-in")
    elif access == rules.TWO_FACTORS:
        if status != 302 or response.get("Location") != reverse("mfa_activate_totp"):
            location = response.get("Location", "")
            found.append(f"{where}: {status} {location}, expected to be sent to set up two factors")
    elif access in (rules.FORBIDDEN, rules.NOT_FOUND):
        allowed = {access} if method in ("get", "head") else {access, 405}
        if status not in allowed:
            found.append(f"{where}: {status}, expected {sorted(allowed)}")
    elif access == "admin-site":
        # The admin's own pages send a signed-in user who is not staff back to its index,
        # which sends them to log in; its log-in sends staff without two factors to set them up.
        location = response.get("Location", "")
        inside = status == 302 and location.startswith("/admin/")
        set_up = status == 302 and location == reverse("mfa_activate_totp")
        refused = _goes_to_login(response) or inside or set_up or status in (403, 404, 405)
        if not back_office and not refused:
            found.append(f"{where}: {status} {location}, expected a log-in redirect, 403 or 404")
        # Add and delete may be switched off by design (the action plan changes only through
        # its services); a list and an object's page open for an admin.
        opens = route_name.endswith(("_changelist", "_change", "_history"))
        if role == "admin" and method == "get" and opens and status != 200:
            found.append(f"{where}: {status}, expected 200 for an admin")
    return found


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_every_url_answers_every_role_by_the_table(data, route):
    rule = rules.rule_for(route)
    if rule is None:
        pytest.fail(
            f"add a rule for {route.key} ({route.route}) to URLS in tests/permission_rules.py"
        )
    try:
        url = rules.build_url(route, lambda name, r: rules.kwarg_value(data, name, r))
    except rules.UnfilledKwarg as error:
        pytest.fail(str(error))
    assert resolve(url).func is route.callback, f"{url} does not resolve to {route.key}"

    found, wrote = [], []
    for role in rules.ROLES:
        if rule.rule == "admin-site" and role not in ADMIN_ROLES:
            continue
        access = rules.access(data, rule.rule, role)
        back_office = rules.role_may(data, role, "back_office")
        hidden = [text for text, may in POLICY_ONLY.items() if not rules.role_may(data, role, may)]
        for method in ADMIN_METHODS if rule.rule == "admin-site" else METHODS:
            if method not in ("get", "post") and role not in OTHER_METHODS_ROLES:
                continue
            payload = rule.payload(data) if (rule.payload and method == "post") else {}
            response, body, changed = send(data, role, method, url, payload)
            found += problems_with(
                rule,
                role,
                method,
                response,
                changed,
                url,
                route.name or "",
                access=access,
                back_office=back_office,
            )
            if method == "post" and changed and access == rules.OK:
                wrote.append(role)
            if method == "get" and response.status_code == 200:
                found += [f"GET {url} as {role}: shows {text!r}" for text in hidden if text in body]
    if rule.writes and not wrote:
        found.append(
            f"POST {url}: the payload changed nothing for any role allowed to use it: the "
            "refusals prove nothing (fix the payload in tests/permission_rules.py)"
        )
    assert not found, "\n".join(found)


def test_every_url_name_has_a_rule():
    missing = sorted({r.key for r in ROUTES if rules.rule_for(r) is None})
    assert not missing, "add a rule to tests/permission_rules.py for: " + ", ".join(missing)


def test_the_table_names_no_url_that_does_not_exist():
    names = {r.name for r in ROUTES}
    stale = sorted(set(rules.URLS) - names)
    assert not stale, f"rules for URLs that no longer exist: {', '.join(stale)}"


def test_the_matrix_covers_every_role_and_the_whole_url_configuration():
    assert len(ROUTES) > 150  # the admin's and allauth's patterns included
    assert {r.rule for r in (rules.rule_for(route) for route in ROUTES)} == set(rules.ACCESS)
    assert set(rules.ROLES) == {
        "anon",
        "pending",
        "clerk_a",
        "clerk_b",
        "policy_no_2fa",
        "policy",
        "admin",
    }


def test_the_roles_are_who_their_labels_say(data):
    """The data set's users are what the named rules take them for (so that a table computed
    from the rules tests what it says)."""
    assert {role for role in rules.ROLES if rules.role_may(data, role, "policy_team")} == {
        "policy",
        "admin",
    }
    council = data.council_a
    clerks = [r for r in rules.ROLES if rules.role_may(data, r, "council.act_for", council)]
    assert clerks == ["clerk_a"]
    assert rules.access(data, "policy", "policy_no_2fa") == rules.TWO_FACTORS
    assert rules.access(data, "owner", "pending") == rules.OK
