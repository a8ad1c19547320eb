"""Hardening: security headers on every response, secure cookies, sessions that expire, log-in
rate limits, two factors for the policy team (the back office included), and no clerk's
personal data on any public page or download."""

import io
import zipfile

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import permission_rules as rules
from tests.factories import PolicyOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_security_headers_on_a_public_page(anon_client, charter):
    response = anon_client.get("/charter/", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response.headers["Strict-Transport-Security"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "'unsafe-inline'" not in csp
    # Inline scripts run only with the response's nonce.
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_cookies_are_secure_and_sessions_expire():
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_pages_that_need_an_account_send_anyone_to_log_in(anon_client, db):
    response = anon_client.get("/policy/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# --- log-in rate limits, two factors for the policy team, no clerk's personal data ---

PASSWORD = "correct horse battery staple"


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_repeated_failed_log_ins_to_one_account_are_refused_with_a_clear_message(anon_client, db):
    user = UserFactory(email="target@example.org")
    for _ in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 in 5 minutes for one account
        response = _log_in(anon_client, user.email, "not the password")
        assert response.status_code == 200
        assert "There is a problem" in response.text
    # Now even the right password is refused for a while, with a message next to the form.
    response = _log_in(anon_client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "too many failed attempts to sign in to this account. Wait 5 minutes" in response.text
    assert "govuk-error-summary" in response.text
    assert "_auth_user_id" not in anon_client.session


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("account_login", {"login": "nobody@example.org", "password": "wrong"}),
        ("account_signup", {"email": "not an email"}),
    ],
)
def test_too_many_attempts_from_one_place_get_a_clear_429_page(anon_client, db, url_name, data):
    """ACCOUNT_RATE_LIMITS: 30 log-ins and 20 sign-ups a minute from one address."""
    url = reverse(url_name)
    for attempt in range(40):
        response = anon_client.post(url, {**data, "login": f"n{attempt}@example.org"})
        if response.status_code == 429:
            break
        assert response.status_code == 200
    assert response.status_code == 429, "the rate limit never applied"
    assert "Too many attempts" in response.text
    # The portal's page, not a bare one.
    assert 'class="govuk-template"' in response.text and "Skip to main content" in response.text
    assert reverse("account_login") in response.text


def test_the_back_office_log_in_cannot_skip_the_second_factor(db):
    """Django's admin log-in form took a password alone: a policy officer's password was
    enough to reach every policy page. It now goes through the portal's log-in."""
    officer = PolicyOfficerFactory(email="officer@oxfordshire.example")
    client = Client()
    response = client.post("/admin/login/", {"username": officer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get("/policy/").status_code == 302
    # The portal's log-in asks for the code before anything else.
    response = _log_in(client, officer.email, PASSWORD)
    assert response.url == reverse("mfa_authenticate")
    for url in ("/policy/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url


def test_a_policy_officer_without_two_factors_cannot_use_the_back_office(db):
    officer = PolicyOfficerFactory(policy_team=False)  # in the team, no authenticator yet
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/councils/signature/", follow=True)
    assert reverse("mfa_activate_totp") in [url for url, _ in response.redirect_chain]
    assert "Set up two-factor authentication" in response.text
    assert "Signatures" not in response.text


@pytest.fixture(scope="class")
def data(django_db_setup, django_db_blocker):
    """The permission matrix's data set, for the class below only (committed, then flushed)."""
    with rules.dataset_for_module(django_db_blocker) as d:
        yield d


class TestEveryPage:
    """Pages found from the URL configuration and the table of rules
    (tests/permission_rules.py), requested with its data set."""

    def _url(self, data, route) -> str:
        return rules.build_url(route, lambda name, r: rules.kwarg_value(data, name, r))

    @pytest.mark.django_db
    def test_every_policy_page_sends_an_officer_without_two_factors_to_set_them_up(self, data):
        officer = PolicyOfficerFactory(policy_team=False)
        client = Client()
        client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
        pages = [r for r in rules.routes() if getattr(rules.rule_for(r), "rule", "") == "policy"]
        assert len(pages) > 20
        wrong = []
        for route in pages:
            url = self._url(data, route)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code != 302 or response.url != reverse("mfa_activate_totp"):
                    wrong.append(f"{method.upper()} {url}: {response.status_code}")
        assert not wrong, "\n".join(wrong)

    @pytest.mark.django_db
    def test_no_public_page_or_download_shows_a_clerks_name_or_email(self, data):
        public = [r for r in rules.routes() if getattr(rules.rule_for(r), "rule", "") == "public"]
        assert {"councils:directory-csv", "councils:progress-json", "actions:feed"} <= {
            r.name for r in public
        }
        personal = [value for pair in rules.CLERKS.values() for value in pair]
        personal += [email.split("@")[0] for _, email in rules.CLERKS.values()]
        found = []
        for route in public:
            url = self._url(data, route)
            for role in ("anon", "clerk_a"):  # a clerk signed in sees no other clerk either
                response = rules.client_for(data, role).get(url)
                assert response.status_code == 200, url
                body = b"".join(response) if response.streaming else response.content
                if response["Content-Type"] == "application/zip":  # the bulk download's files
                    archive = zipfile.ZipFile(io.BytesIO(body))
                    body = b"".join(archive.read(name) for name in archive.namelist())
                elif "wordprocessingml" in response["Content-Type"]:  # a meeting pack's XML
                    archive = zipfile.ZipFile(io.BytesIO(body))
                    body = b"".join(
                        archive.read(name) for name in archive.namelist() if name.endswith(".xml")
                    )
                text = body.decode()
                for value in personal:
                    if value in text and not (role == "clerk_a" and value in CLERK_A):
                        found.append(f"{url} as {role}: {value}")
        assert not found, "\n".join(found)


CLERK_A = set(rules.CLERKS["clerk_a"]) | {rules.CLERKS["clerk_a"][1].split("@")[0]}
