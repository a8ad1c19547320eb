"""Nobody waits on something nobody was told about: requests the council cannot confirm reach
the policy team by email, the clerk is told honestly what happens next, and a new user lands on
the next step after verifying their address."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from councils.models import CouncilRole, OutgoingEmail
from councils.services.clerks import (
    council_role_request,
    policy_team_addresses,
    role_queue_usual_days,
)
from tests.factories import CouncilFactory, CouncilRoleFactory, PolicyOfficerFactory, UserFactory
from tests.helpers import sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"


def _sign_up_ada(client) -> str:
    """Sign Ada Lovelace up through the form; the path of the link in her confirmation email."""
    sign_up(client, email="ada@example.org", password=PASSWORD)
    [email] = mail.outbox
    return (
        "/" + re.search(r"https?://\S+/accounts/confirm-email/\S+/", email.body)[0].split("/", 3)[3]
    )


def test_request_without_address_emails_the_policy_team_in_the_same_transaction(
    settings, django_capture_on_commit_callbacks
):
    settings.POLICY_TEAM_EMAIL = "policy@example.org"
    officer = PolicyOfficerFactory(email="officer@example.org")
    EmailAddress.objects.update_or_create(
        user=officer, email=officer.email, defaults={"verified": True, "primary": True}
    )
    council = CouncilFactory(name="Nowhere Parish Council", contact_email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        role = council_role_request(
            user=UserFactory(full_name="Ada Lovelace"),
            council=council,
            role="clerk",
            how_to_check="Minute 12",
        )
        # Written with the request, before the commit: the outbox row exists already.
        [row] = OutgoingEmail.objects.all()
    assert row.to == ["officer@example.org", "policy@example.org"]
    assert "Nowhere Parish Council" in row.subject
    assert reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk}) in row.body
    assert "no contact address" in row.body and "1 request" in row.body
    for callback in callbacks:
        callback()
    [email] = mail.outbox
    assert email.to == ["officer@example.org", "policy@example.org"]


def test_request_with_address_does_not_email_the_policy_team(
    council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        council_role_request(user=UserFactory(), council=council, role="clerk", how_to_check="x")
    [email] = mail.outbox
    assert email.to == [council.contact_email]


def test_policy_team_addresses_only_verified_active_members(settings):
    settings.POLICY_TEAM_EMAIL = "policy@example.org"
    unverified = PolicyOfficerFactory(email="unverified@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    PolicyOfficerFactory(email="gone@example.org", is_active=False)
    UserFactory(email="clerk@example.org")
    assert "policy@example.org" in policy_team_addresses()
    assert not {"unverified@example.org", "gone@example.org", "clerk@example.org"} & set(
        policy_team_addresses()
    )


def test_usual_wait_is_the_setting_until_measured_then_the_median(settings, council):
    settings.PORTAL_POLICY_TEAM_RESPONSE_DAYS = 7
    assert role_queue_usual_days() == 7
    now = timezone.now()
    for days in (1, 2, 3, 3, 10):
        role = CouncilRoleFactory(council=CouncilFactory(), decision_method="policy-team")
        CouncilRole.objects.filter(pk=role.pk).update(
            requested_at=now - datetime.timedelta(days=days), decided_at=now
        )
    assert role_queue_usual_days() == 3


def test_request_page_promises_no_email_to_a_council_without_address(user_client, settings):
    settings.PORTAL_POLICY_TEAM_RESPONSE_DAYS = 5
    council = CouncilFactory(name="Nowhere Parish Council", contact_email="")
    page = user_client.get(reverse("councils:role-request"))
    assert "If it does not, the policy team checks your request" in page.text
    assert "within 5 days" in page.text
    response = user_client.post(
        reverse("councils:role-request"),
        {"council": council.pk, "role": "clerk", "how_to_check": "Minute 4/26"},
        follow=True,
    )
    text = response.text
    assert "The register has no contact address for Nowhere Parish Council" in text
    assert "usually decide within 5 days" in text
    assert "emailed Nowhere" not in text and "We have emailed" not in text
    # The request stays explained on "Your councils".
    assert "the policy team checks it" in user_client.get(reverse("councils:my-councils")).text


def test_request_to_a_council_with_address_says_the_council_was_emailed(user_client, council):
    response = user_client.post(
        reverse("councils:role-request"),
        {"council": council.pk, "role": "clerk", "how_to_check": "Minute 4/26"},
        follow=True,
    )
    assert "We have emailed Adderbury Parish Council&#x27;s contact address" in response.text


def test_dashboard_shows_the_queue_size(policy_client):
    for _ in range(3):
        CouncilRoleFactory(status="pending", decided_at=None, decision_method="")
    page = policy_client.get(reverse("policy-dashboard"))
    assert "3 requests to act for a council" in page.text


def test_after_verifying_a_new_user_lands_on_your_councils(anon_client):
    path = _sign_up_ada(anon_client)
    response = anon_client.post(path)
    assert EmailAddress.objects.get(user=User.objects.get(email="ada@example.org")).verified
    assert response.status_code == 302
    assert response.url == reverse("councils:my-councils")
    page = anon_client.get(response.url)
    assert "Ask to act for a council" in page.text


def test_verification_when_already_signed_in_lands_on_your_councils(client):
    user = UserFactory(email="bob@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    from allauth.account.models import EmailConfirmationHMAC

    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    response = client.post(f"/accounts/confirm-email/{key}/")
    assert response.status_code == 302 and response.url == reverse("councils:my-councils")


def test_verifying_in_another_browser_leads_through_sign_in_to_your_councils(anon_client):
    """The link opened in a browser not signed in (a phone, say): sign in, then the next step."""
    path = _sign_up_ada(anon_client)
    other = Client()
    response = other.post(path)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fcouncils%2Fyours%2F"
    signed_in = other.post(response.url, {"login": "ada@example.org", "password": PASSWORD})
    assert signed_in.url == reverse("councils:my-councils")
