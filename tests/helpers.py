"""Small helpers that tests in more than one app share (the factories are in tests/factories.py,
the clients per role in tests/conftest.py)."""

import threading

# What the policy team's pages answer GET with, for each role's client (tests/conftest.py): the
# log-in page for anyone signed out, 403 for a signed-in user who is not in the policy team.
POLICY_TEAM_ONLY = {
    "anon_client": 302,
    "user_client": 403,
    "clerk_client": 403,
    "policy_client": 200,
    "admin_client": 200,
}


def assert_get_statuses(request, url: str, expected: dict[str, int]) -> None:
    """GET ``url`` with each client fixture named in ``expected`` (e.g. ``POLICY_TEAM_ONLY``) and
    check the status each gets; ``request`` is pytest's fixture request."""
    got = {name: request.getfixturevalue(name).get(url).status_code for name in expected}
    assert got == expected


def all_at_once(calls: list, *, timeout: float = 120, own_connections: bool = False) -> list:
    """Run the callables in as many threads, released together by a barrier; their results in
    order (an exception is returned in place of its result). ``own_connections``: each thread
    closes the database connections it opened (Django opens one per thread), for tests of real
    concurrent transactions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout)
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - reported to the caller
            results[i] = error
        finally:
            if own_connections:
                from django.db import connections

                connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def sign_up(client, *, email: str, password: str, full_name: str = "Ada Lovelace"):
    """Post allauth's sign-up form with ``client`` (a Django test client); the response (302 to
    "verify your email" when it is accepted)."""
    return client.post(
        "/accounts/signup/",
        {"full_name": full_name, "email": email, "password1": password, "password2": password},
    )
