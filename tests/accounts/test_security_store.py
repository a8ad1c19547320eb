"""Security counters (the log-in lock-out, rate limits, two-factor codes used) live in a store of
their own, which public page traffic never touches; rate limits key on the client's address
behind the reverse proxy; and every password check counts towards the same lock-out."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from tests.charter_portal.test_settings import PRODUCTION, _manage
from tests.factories import UserFactory
from ui import cache as page_cache

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOCKED = "There have been too many failed attempts to sign in to this account. Wait"


def _log_in(client, email, password, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


@pytest.fixture
def database_caches(settings, db):
    """Both stores as in production (database tables), small enough to cull quickly."""
    small = {"MAX_ENTRIES": 30, "CULL_FREQUENCY": 2}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_security_cache",
            "OPTIONS": small,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": small,
        },
    }
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    call_command("createcachetable", verbosity=0)
    for store in caches.all():
        store.clear()
    page_cache._replicas.clear()
    yield
    for store in caches.all():
        store.clear()
    page_cache._replicas.clear()


def test_a_flood_of_public_pages_does_not_lift_a_lock_out(database_caches, charter):
    UserFactory(email="clerk@example.org")
    attacker = Client()
    for _ in range(5):
        assert "not correct" in _log_in(attacker, "clerk@example.org", "guess").text
    assert LOCKED in _log_in(attacker, "clerk@example.org", "guess").text

    visitor = Client()
    for n in range(100):  # distinct searches the page reads: a page each in the page cache
        response = visitor.get(f"/councils/?q=flood{n}")
        assert response[page_cache.CACHE_HEADER] == "miss"
    assert visitor.get("/councils/?q=flood99")[page_cache.CACHE_HEADER] == "hit"  # caching

    response = _log_in(attacker, "clerk@example.org", PASSWORD)
    assert response.status_code == 200 and LOCKED in response.text


def test_the_stores_are_apart_in_production():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES; "
        "print(c['default']['LOCATION'], c['pages']['LOCATION'])",
        env=PRODUCTION,
    )
    assert result.stdout.split()[-2:] == ["portal_security_cache", "portal_cache"], result.stderr


# --- Behind the reverse proxy -----------------------------------------------------------------


def test_behind_the_proxy_one_person_cannot_lock_everyone_out(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="clerk@example.org")
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    for n in range(12):  # "10/m/ip": the attacker's address is locked out
        _log_in(attacker, f"someone{n}@example.org", "guess")
    assert LOCKED in _log_in(attacker, "clerk@example.org", PASSWORD).text
    # Another person, through the same proxy, is not.
    clerk = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert _log_in(clerk, "clerk@example.org", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lock_out(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="clerk@example.org")
    for n in range(12):  # the proxy appends the real address after whatever the client sent
        forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")
        _log_in(forged, f"someone{n}@example.org", "guess")
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    assert LOCKED in _log_in(attacker, "clerk@example.org", PASSWORD).text


@pytest.mark.parametrize(
    ("env", "count", "header"),
    [
        ({}, "0", "None"),
        ({"DJANGO_BEHIND_PROXY": "1"}, "1", "None"),
        ({"DJANGO_BEHIND_PROXY": "1", "PORTAL_TRUSTED_PROXY_COUNT": "2"}, "2", "None"),
        ({"PORTAL_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "0", "X-Real-IP"),
    ],
)
def test_the_trusted_proxy_comes_from_the_environment(env, count, header):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)",
        env={**PRODUCTION, **env},
    )
    assert result.stdout.split()[-2:] == [count, header], result.stderr


# --- Every password check counts --------------------------------------------------------------


def test_wrong_passwords_on_the_close_account_page_count_towards_the_lock_out(clerk_client):
    clerk = clerk_client.user
    for _ in range(5):
        response = clerk_client.post("/accounts/close/", {"password": "guess", "confirm": "on"})
        assert "The password is not right" in response.text
    response = clerk_client.post("/accounts/close/", {"password": PASSWORD, "confirm": "on"})
    assert LOCKED in response.text  # locked out, even with the right password
    clerk.refresh_from_db()
    assert clerk.is_active
    assert LOCKED in _log_in(Client(), clerk.email, PASSWORD).text  # and at the log-in


def test_a_right_password_on_the_close_account_page_does_not_count(clerk_client):
    clerk = clerk_client.user
    for _ in range(4):
        clerk_client.post("/accounts/close/", {"password": "guess", "confirm": "on"})
    clerk_client.post("/accounts/close/", {"password": PASSWORD})  # no tick: not closed
    assert _log_in(Client(), clerk.email, PASSWORD).status_code == 302


def test_wrong_current_passwords_when_changing_it_count_towards_the_lock_out(clerk_client):
    clerk = clerk_client.user
    for _ in range(5):
        clerk_client.post(
            "/accounts/password/change/",
            {"oldpassword": "guess", "password1": "a new long passphrase", "password2": "x"},
        )
    assert LOCKED in _log_in(Client(), clerk.email, PASSWORD).text
