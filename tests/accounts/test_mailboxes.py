"""An email address its owner has not verified gives access to nothing: not the account, not the
emails sent to it, not deleting them. One address per account; a new one is confirmed by the
signed-in owner, and the old one is told."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory
from tests.helpers import sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
TYPO = "clerk@adderbury-pc.exmaple.org"


def _link(message, pattern=r"/accounts/confirm-email/\S+/") -> str:
    return re.search(pattern, message.body)[0]


@pytest.fixture
def clerk_with_typo(clerk_client):
    """The signed-in clerk adds a second address with a typo; the link goes to the typo."""
    mail.outbox.clear()
    response = clerk_client.post("/accounts/email/", {"email": TYPO, "action_add": ""})
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if TYPO in m.to]
    return clerk_client, _link(message)


def test_the_owner_of_a_mistyped_address_cannot_confirm_it_without_the_account(
    clerk_with_typo,
):
    clerk_client, link = clerk_with_typo
    stranger = Client()
    response = stranger.post(link, follow=True)
    assert "Sign in to your account, then open the link" in response.text
    address = EmailAddress.objects.get(email=TYPO)
    assert not address.verified
    clerk = User.objects.get(pk=clerk_client.user.pk)
    assert clerk.email != TYPO
    assert "_auth_user_id" not in stranger.session


def test_the_confirmation_page_offers_signing_in_not_a_button_to_anyone_else(clerk_with_typo):
    clerk_client, link = clerk_with_typo
    stranger = Client()
    page = stranger.get(link)
    assert page.status_code == 200
    assert "Sign in to confirm your new email address" in page.text
    assert 'type="submit"' not in page.text.split("<main", 1)[1]
    owner_page = clerk_client.get(link)
    assert "Sign in to confirm" not in owner_page.text
    assert 'type="submit"' in owner_page.text.split("<main", 1)[1]


def test_a_password_reset_never_goes_to_an_unverified_address(clerk_with_typo):
    clerk_client, link = clerk_with_typo
    stranger = Client()
    stranger.post(link)
    mail.outbox.clear()
    response = stranger.post("/accounts/password/reset/", {"email": TYPO})
    assert response.status_code == 302  # the same answer as for a real account
    assert not any(re.search(r"/accounts/password/reset/key/", m.body) for m in mail.outbox)


def test_the_signed_in_owner_confirms_a_new_address_which_replaces_the_old_one(clerk_client):
    clerk = clerk_client.user
    old = clerk.email
    clerk_client.post("/accounts/email/", {"email": "new@adderbury.example.org", "action_add": ""})
    [message] = [m for m in mail.outbox if "new@adderbury.example.org" in m.to]
    mail.outbox.clear()
    clerk_client.post(_link(message))
    clerk.refresh_from_db()
    assert clerk.email == "new@adderbury.example.org"
    assert [a.email for a in EmailAddress.objects.filter(user=clerk)] == [clerk.email]
    [notice] = [m for m in mail.outbox if old in m.to]  # the old address is told
    assert "new@adderbury.example.org" in notice.body


def test_an_account_has_one_address_and_at_most_one_waiting(clerk_client):
    clerk_client.post("/accounts/email/", {"email": "one@example.org", "action_add": ""})
    clerk_client.post("/accounts/email/", {"email": "two@example.org", "action_add": ""})
    addresses = EmailAddress.objects.filter(user=clerk_client.user)
    assert addresses.count() == 2
    assert addresses.filter(verified=True).count() == 1


def test_an_unverified_address_cannot_be_made_the_log_in(clerk_client):
    clerk_client.post("/accounts/email/", {"email": TYPO, "action_add": ""})
    clerk_client.post("/accounts/email/", {"email": TYPO, "action_primary": ""})
    clerk = User.objects.get(pk=clerk_client.user.pk)
    assert clerk.email != TYPO
    stranger = Client()
    stranger.post("/accounts/login/", {"login": TYPO, "password": PASSWORD})
    assert stranger.get("/councils/yours/").status_code == 302  # not signed in


def test_the_sign_up_link_still_works_without_signing_in(anon_client):
    sign_up(anon_client, email="ada@adderbury.example.org", password=PASSWORD)
    Client().post(_link(mail.outbox[-1]))  # another browser: confirms, without signing in
    assert EmailAddress.objects.get(email="ada@adderbury.example.org").verified


def test_signing_in_unverified_again_says_honestly_that_no_new_email_was_sent(anon_client):
    sign_up(anon_client, email="ada@adderbury.example.org", password=PASSWORD)
    sent = len(mail.outbox)
    login = {"login": "ada@adderbury.example.org", "password": PASSWORD}
    page = Client().post("/accounts/login/", login, follow=True)
    assert len(mail.outbox) == sent  # one link every 3 minutes at most
    assert "We have sent an email" not in page.text
    assert "if we sent you one less than 3 minutes ago, use that one" in page.text


def test_a_password_reset_goes_to_a_verified_address(anon_client):
    UserFactory(email="clerk@example.org")
    anon_client.post("/accounts/password/reset/", {"email": "clerk@example.org"})
    assert re.search(r"/accounts/password/reset/key/", mail.outbox[-1].body)


# --- The emails the portal sent: whose they are ------------------------------------------------

COLLEAGUE = "colleague@adderbury.example.org"
OFFICE = "office@adderbury-pc.example.org"


def _email(to, body="Hello"):
    from councils.services.outbox import outgoing_email_create

    return outgoing_email_create(template="role_decided", subject="About you", body=body, to=to)


def _download(client) -> str:
    response = client.get("/accounts/your-data/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_unverified_colleagues_address_does_not_bring_their_emails(user_client):
    from councils.models import OutgoingEmail

    UserFactory(email=COLLEAGUE)  # the colleague has an account; the office address has none
    sent = _email([COLLEAGUE], body="For the colleague, sent")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status="sent", sent_at=sent.created_at)
    unsent = _email([COLLEAGUE], body="For the colleague, waiting")
    office = _email([OFFICE], body="For the parish office")
    for address in [COLLEAGUE, OFFICE]:
        user_client.post("/accounts/email/", {"email": address, "action_add": ""})
        assert EmailAddress.objects.filter(user=user_client.user, email=address).exists()
        data = _download(user_client)
        assert "For the colleague" not in data and "For the parish office" not in data

    user_client.post("/accounts/close/", {"password": PASSWORD, "confirm": "on"})
    assert not User.objects.get(pk=user_client.user.pk).is_active
    kept = OutgoingEmail.objects.filter(pk__in=[sent.pk, unsent.pk, office.pk])
    assert kept.count() == 3
    assert sorted(email.to[0] for email in kept) == sorted([COLLEAGUE, COLLEAGUE, OFFICE])


def test_an_email_to_an_address_you_have_since_changed_is_still_yours(clerk_client):
    clerk = clerk_client.user
    old = clerk.email
    _email([old], body="Sent to your old address")
    clerk_client.post("/accounts/email/", {"email": "new@example.org", "action_add": ""})
    clerk_client.post(_link([m for m in mail.outbox if "new@example.org" in m.to][0]))
    assert "Sent to your old address" in _download(clerk_client)
    # Whoever has the old address now does not get it.
    newcomer = UserFactory(email=old)
    client = Client()
    client.force_login(newcomer, backend="django.contrib.auth.backends.ModelBackend")
    assert "Sent to your old address" not in _download(client)


def test_closing_keeps_an_email_to_others_without_your_address(clerk_client):
    from councils.models import OutgoingEmail

    clerk = clerk_client.user
    notice = _email(["policyteam@example.org", f"Clerk <{clerk.email}>"], body="Signed")
    clerk_client.post("/accounts/close/", {"password": PASSWORD, "confirm": "on"})
    notice = OutgoingEmail.objects.get(pk=notice.pk)
    assert notice.to == ["policyteam@example.org"] and notice.status == "pending"
    assert not notice.recipients.exists()


def test_a_password_reset_for_an_address_nobody_has_sends_nothing(anon_client):
    response = anon_client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer as for a real account
    assert mail.outbox == []


def test_password_resets_to_one_address_are_limited(anon_client):
    UserFactory(email="clerk@example.org")
    for _ in range(8):
        Client().post("/accounts/password/reset/", {"email": "clerk@example.org"})
    assert len(mail.outbox) == 5


def test_the_email_address_page_shows_a_change_waiting(clerk_client):
    page = clerk_client.get("/accounts/email/").text
    assert "govuk-summary-list" in page and clerk_client.user.email in page
    assert 'name="action_add"' in page and "Send the link again" not in page
    clerk_client.post("/accounts/email/", {"email": TYPO, "action_add": ""})
    page = clerk_client.get("/accounts/email/").text
    assert "Changing to" in page and TYPO in page and "Not confirmed yet" in page
    clerk_client.post("/accounts/email/", {"email": TYPO, "action_remove": ""})  # cancel
    assert not EmailAddress.objects.filter(email=TYPO).exists()
    page = clerk_client.post("/accounts/email/", {"email": "not an address", "action_add": ""})
    assert "govuk-error-summary" in page.text and 'value="not an address"' in page.text


def test_the_migration_leaves_each_account_its_own_address_only():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0003_one_address_per_account")
    user = UserFactory(email="Clerk@Example.org")
    EmailAddress.objects.filter(user=user).update(email="clerk@example.org")  # allauth's case
    EmailAddress.objects.create(user=user, email="typo@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="pending@example.org", verified=False)
    other = UserFactory()
    migration.other_addresses_remove(apps, None)
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "clerk@example.org"
    ]
    assert EmailAddress.objects.filter(user=other).count() == 1
