"""A person's rights over their data: download a copy of it, and close the account.

Closing keeps the public records of councils' decisions the person recorded (signatures,
progress reports) and the user row they point at, anonymised."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.models import User
from councils.models import CouncilRole, ProgressReport, Signature
from councils.services.signing import signature_record
from tests.factories import (
    CouncilRoleFactory,
    PolicyOfficerFactory,
    ProgressReportFactory,
)
from tests.helpers import sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def records(clerk_client, council, other_council, charter):
    """The clerk of ``council`` signed for it and reported progress, and has a pending request
    for ``other_council``; the policy team confirmed them."""
    clerk = clerk_client.user
    officer = PolicyOfficerFactory(full_name="Priya Officerton", email="priya@oxfordshire.example")
    CouncilRole.objects.filter(user=clerk).update(decided_by=officer)
    CouncilRoleFactory(
        user=clerk, council=other_council, status=CouncilRole.Status.PENDING, decided_at=None
    )
    signature = signature_record(
        council=council,
        version=charter,
        recorded_by=clerk,
        resolution_date=charter.published_on or datetime.date.today(),
        minute_reference="Minute 7/26",
        authorised_by_name="Chair Person",
        authorised_by_role="Chair of the council",
    )
    report = ProgressReportFactory(
        council=council, commitment=charter.commitments.first(), reported_by=clerk
    )
    return {"clerk": clerk, "officer": officer, "signature": signature, "report": report}


def download(client) -> dict:
    response = client.get(reverse("accounts:your-data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="your-data.json"'
    assert {"no-store", "private"} <= {v.strip() for v in response["Cache-Control"].split(",")}
    return json.loads(response.content)


def test_your_data_holds_the_account_roles_decisions_and_what_you_recorded(
    clerk_client, records, council, other_council
):
    clerk = records["clerk"]
    data = download(clerk_client)
    assert data["account"]["email"] == clerk.email
    assert data["account"]["full_name"] == clerk.full_name
    text = json.dumps(data)
    # Email addresses, requests and the decisions about them, signatures and progress reports.
    records_ = data["records"]
    [addresses] = [v for k, v in records_.items() if k.startswith("email addresses")]
    assert addresses[0]["email"] == clerk.email and addresses[0]["verified"] is True
    [roles] = [v for k, v in records_.items() if k.startswith("council roles (user)")]
    assert {(r["council"], r["status"]) for r in roles} == {
        (council.name, "confirmed"),
        (other_council.name, "pending"),
    }
    confirmed = next(r for r in roles if r["status"] == "confirmed")
    assert confirmed["decision_method"] == "policy-team" and confirmed["decided_by"] == (
        "another user"
    )
    [signatures] = [v for k, v in records_.items() if k.startswith("signatures (recorded by)")]
    assert signatures[0]["minute_reference"] == "Minute 7/26"
    assert signatures[0]["recorded_by"] == "you"
    [reports] = [v for k, v in records_.items() if k.startswith("progress reports (reported by)")]
    assert reports[0]["what_we_did"] == records["report"].what_we_did
    # The changes they made (history).
    assert any(k.startswith("historical signature") for k in records_)
    # No secrets, and nobody else's personal data.
    tokens = CouncilRole.objects.values_list("confirmation_token", flat=True)
    for secret in (clerk.password, *tokens):
        assert secret not in text
    assert "Priya Officerton" not in text and "priya@oxfordshire.example" not in text


def test_the_policy_teams_second_factor_secret_is_not_in_the_download(policy_client):
    data = download(policy_client)
    [authenticators] = [v for k, v in data["records"].items() if k.startswith("authenticator")]
    assert authenticators[0]["type"] == "totp"
    assert "data" not in authenticators[0]
    assert "JBSWY3DPEHPK3PXP" not in json.dumps(data)


def test_your_data_needs_an_account(anon_client):
    response = anon_client.get(reverse("accounts:your-data"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_your_councils_and_the_privacy_notice_link_to_your_data_and_closing(clerk_client):
    page = clerk_client.get(reverse("councils:my-councils")).text
    assert reverse("accounts:your-data") in page and reverse("accounts:close") in page
    privacy = clerk_client.get(reverse("privacy")).text
    assert reverse("accounts:your-data") in privacy and reverse("accounts:close") in privacy


def test_closing_needs_the_password_and_the_tick(clerk_client):
    url = reverse("accounts:close")
    page = clerk_client.get(url)
    assert page.status_code == 200 and "Close your account" in page.text
    response = clerk_client.post(url, {"password": "wrong password"})
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "The password is not right" in text
    assert "Tick the box to confirm" in text
    user = User.objects.get(pk=clerk_client.user.pk)
    assert user.is_active and user.email == clerk_client.user.email


def test_closing_removes_personal_data_and_keeps_the_public_records(
    clerk_client, records, council, charter
):
    clerk = records["clerk"]
    other_session = Client()
    other_session.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    assert other_session.get(reverse("councils:my-councils")).status_code == 200
    old_email = clerk.email

    response = clerk_client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "Your account is closed" in clerk_client.get(reverse("home")).text

    user = User.objects.get(pk=clerk.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.full_name == "" and old_email not in user.email
    assert user.email.endswith("@closed.invalid")
    assert not EmailAddress.objects.filter(user=user).exists()
    # Every session ended: this one and the one on another device.
    for client in (clerk_client, other_session):
        response = client.get(reverse("councils:my-councils"))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    # The open request and the role end, with the reason, and in their history.
    statuses = dict(CouncilRole.objects.filter(user=user).values_list("council", "status"))
    assert statuses[council.pk] == CouncilRole.Status.REMOVED
    assert CouncilRole.Status.WITHDRAWN in statuses.values()
    role = CouncilRole.objects.get(user=user, council=council)
    assert role.decision_reason == "Account closed"
    assert role.history.first().history_change_reason == "Account closed"
    # The public records of the council's decisions stay, pointing at the anonymised row.
    assert Signature.objects.get(pk=records["signature"].pk).recorded_by_id == user.pk
    assert ProgressReport.objects.get(pk=records["report"].pk).reported_by_id == user.pk
    page = Client().get(council.get_absolute_url())
    assert page.status_code == 200 and "Minute 7/26" in page.text
    # Nobody can sign in as them; the address is free to make a new account.
    assert not Client().login(username=old_email, password=PASSWORD)
    response = sign_up(Client(), full_name="New", email=old_email, password=PASSWORD)
    assert response.status_code == 302
    assert User.objects.filter(email=old_email).exclude(pk=user.pk).exists()


def test_closing_removes_a_policy_officers_second_factor_and_powers(policy_client):
    officer = policy_client.user
    policy_client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})
    officer.refresh_from_db()
    assert not Authenticator.objects.filter(user=officer).exists()
    assert not officer.groups.exists() and not officer.is_staff


def test_emails_to_you_are_in_your_data_and_go_with_the_account(clerk_client):
    from councils.models import OutgoingEmail
    from councils.services.outbox import outgoing_email_create

    clerk = clerk_client.user

    def email(to, template="role_decided", body="Your request was approved."):
        return outgoing_email_create(
            template=template, subject=f"About {template}", body=body, to=to
        )

    yours = email([f"Jo Bloggs <{clerk.email.upper()}>"])
    link = email([clerk.email], template="council_role_confirm", body="https://x/confirm/SECRET/")
    theirs = email(["someone@example.org"], body="Not yours")

    data = download(clerk_client)
    [emails] = [v for k, v in data["records"].items() if k.startswith("emails to you")]
    assert [e["subject"] for e in emails] == ["About role_decided", "About council_role_confirm"]
    assert emails[0]["body"] == "Your request was approved." and emails[0]["status"] == "pending"
    assert "SECRET" not in json.dumps(data) and "Not yours" not in json.dumps(data)

    response = clerk_client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert not OutgoingEmail.objects.filter(pk__in=[yours.pk, link.pk]).exists()


HOW_TO_CHECK = "Ring me on 07700 900123, or ask Councillor Ambrose Fenwick-Ludd"


@pytest.mark.parametrize("remover", ["another clerk", "the policy team"])
def test_a_removed_clerks_how_we_can_check_is_not_in_anyone_elses_data(
    council, charter, policy_client, remover
):
    """Clerk A asked with a "how we can check" text, was confirmed, and was removed: the text is
    in A's copy, never in the copy of whoever confirmed or removed them (nor in their history)."""
    from councils.services.clerks import council_role_remove

    removed = CouncilRoleFactory(
        council=council, how_to_check=HOW_TO_CHECK, decided_by=policy_client.user
    )
    other = CouncilRoleFactory(council=council)
    removed_by = other.user if remover == "another clerk" else policy_client.user
    council_role_remove(role=removed, removed_by=removed_by, reason="Left the council")

    for someone_else in {other.user, policy_client.user}:
        client = Client()
        client.force_login(someone_else, backend="django.contrib.auth.backends.ModelBackend")
        text = json.dumps(download(client))
        assert "07700 900123" not in text and "Fenwick-Ludd" not in text, someone_else
    theirs = Client()
    theirs.force_login(removed.user, backend="django.contrib.auth.backends.ModelBackend")
    assert HOW_TO_CHECK in json.dumps(download(theirs))
