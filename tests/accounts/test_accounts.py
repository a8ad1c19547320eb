"""Accounts: allauth's pages in the portal's GOV.UK look, sign-up with a full name and email
verification, and the policy team's second factor enforced through the real log-in flow."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PolicyOfficerFactory, UserFactory, totp_code
from tests.helpers import sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
    ],
)
def test_public_account_pages_use_govuk_markup(anon_client, url):
    response = anon_client.get(url)
    assert response.status_code == 200
    assert "govuk-header" in response.text or "govuk-generic-header" in response.text
    assert 'class="govuk-heading-l"' in response.text
    if "<form" in response.text and "password/reset/done" not in url:
        assert "govuk-button" in response.text


def test_signup_asks_for_full_name_and_sends_a_verification_link(anon_client):
    response = anon_client.get("/accounts/signup/")
    assert 'id="id_full_name"' in response.text and 'class="govuk-label"' in response.text
    response = sign_up(anon_client, email="ada@adderbury.example.org", password=PASSWORD)
    assert response.status_code == 302
    user = User.objects.get(email="ada@adderbury.example.org")
    assert user.full_name == "Ada Lovelace"
    assert not EmailAddress.objects.get(user=user).verified
    [email] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", email.body)[0]
    # Mandatory verification: no access until the link is followed.
    assert anon_client.get("/councils/yours/").status_code == 302
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    page = anon_client.get(path)
    assert page.status_code == 200 and "govuk-button" in page.text
    anon_client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    assert anon_client.get("/councils/yours/").status_code == 200


def test_signup_errors_are_shown_next_to_fields_with_a_summary(anon_client):
    UserFactory(email="taken@example.org")
    response = anon_client.post(
        "/accounts/signup/",
        {"full_name": "", "email": "taken@example.org", "password1": "short", "password2": "x"},
    )
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text and "govuk-error-summary" in text
    assert 'href="#id_full_name"' in text and "Enter your full name." in text
    assert "govuk-form-group--error" in text and "govuk-input--error" in text
    assert 'value="taken@example.org"' in text  # nothing typed is lost


def test_login_error_summary(anon_client):
    UserFactory(email="clerk@example.org")
    response = anon_client.post(
        "/accounts/login/", {"login": "clerk@example.org", "password": "wrong password"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "not correct" in response.text


def test_login_and_logout(anon_client):
    UserFactory(email="clerk@example.org")
    response = anon_client.post(
        "/accounts/login/", {"login": "clerk@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert anon_client.get("/councils/yours/").status_code == 200
    page = anon_client.get("/accounts/logout/")
    assert page.status_code == 200 and "govuk-button" in page.text
    anon_client.post("/accounts/logout/")
    assert anon_client.get("/councils/yours/").status_code == 302


def test_password_reset_journey(anon_client):
    UserFactory(email="clerk@example.org")
    response = anon_client.post("/accounts/password/reset/", {"email": "clerk@example.org"})
    assert response.status_code == 302
    [email] = mail.outbox
    path = re.search(r"/accounts/password/reset/key/\S+/", email.body)[0]
    response = anon_client.get(path, follow=True)
    assert response.status_code == 200 and 'id="id_password1"' in response.text
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = anon_client.post(set_url, {"password1": "short", "password2": "other"})
    assert "govuk-error-summary" in response.text
    response = anon_client.post(
        set_url, {"password1": "a new long passphrase", "password2": "a new long passphrase"}
    )
    assert response.status_code == 302
    assert anon_client.get(response.url).status_code == 200


# --- Two factors for the policy team ---


def password_login(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_policy_officer_without_two_factors_is_sent_to_set_them_up(client):
    officer = PolicyOfficerFactory(policy_team=False)
    password_login(client, officer)
    response = client.get("/policy/")
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    # Setting up a factor asks for the password again first (allauth's reauthentication).
    response = client.get(response.url)
    assert response.url.startswith(reverse("account_reauthenticate"))
    page = client.get(response.url)
    assert page.status_code == 200 and 'id="id_password"' in page.text
    wrong = client.post(response.url, {"password": "wrong"})
    assert "govuk-error-summary" in wrong.text
    assert client.post(response.url, {"password": PASSWORD}).status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    # The QR code displays under the content security policy: an image from a data: URI.
    assert 'src="data:image/svg+xml;base64,' in page.text
    assert "img-src 'self' data:" in page.headers["Content-Security-Policy"]
    assert 'id="id_code"' in page.text
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', page.text)[1]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/policy/").status_code == 200


def test_activate_totp_bad_code(client):
    officer = PolicyOfficerFactory(policy_team=False)
    password_login(client, officer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text and "govuk-error-message" in response.text


def test_policy_officer_needs_the_second_factor_at_log_in(client):
    officer = PolicyOfficerFactory(email="officer@oxfordshire.example.org")
    response = client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    # Password alone: not signed in, no policy page.
    for url in ["/policy/", "/councils/policy/clerks/", "/councils/policy/invitations/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200 and 'id="id_code"' in page.text
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/policy/").status_code == 200
    assert client.get("/councils/policy/clerks/").status_code == 200


def test_mfa_pages_render(policy_client):
    for name in ["mfa_index", "mfa_generate_recovery_codes"]:
        response = policy_client.get(reverse(name))
        assert response.status_code in (200, 302), name
        if response.status_code == 200:
            assert "govuk-heading-l" in response.text
