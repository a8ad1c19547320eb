"""Inviting councils to sign, in bulk; reminders; failures recorded; the policy page."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.models import Council, Invitation
from councils.services.invitations import (
    councils_not_invited,
    councils_to_remind,
    invitations_send,
)
from councils.services.status import council_status_refresh
from tests.factories import (
    CouncilFactory,
    DistrictFactory,
    InvitationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
URL = "/councils/policy/invitations/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signatory(council, version):
    SignatureFactory(council=council, version=version)
    return council_status_refresh(council=council)


def test_invitations_sent_skipped_and_status(charter, officer, django_capture_on_commit_callbacks):
    with_address = CouncilFactory(name="Aston Parish Council")
    without = CouncilFactory(name="Bampton Parish Council", contact_email="")
    signed = signatory(CouncilFactory(name="Cassington Parish Council"), charter)
    with django_capture_on_commit_callbacks(execute=True):
        batch = invitations_send(councils=councils_not_invited(version=charter), invited_by=officer)
    assert [i.council for i in batch.queued] == [with_address]
    assert batch.skipped == [without]
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.email) == ("sent", with_address.contact_email)
    assert invitation.sent_at
    [email] = mail.outbox
    assert email.to == [with_address.contact_email]
    assert f"/councils/yours/ask/?council={with_address.slug}" in email.body
    with_address.refresh_from_db(), without.refresh_from_db(), signed.refresh_from_db()
    assert (with_address.status, without.status, signed.status) == (
        "invited",
        "not-signed",
        "signed",
    )
    # Invited once: "not yet invited" now matches nobody with an address.
    assert list(councils_not_invited(version=charter)) == [without]


def test_failed_send_is_recorded_never_raised(charter, officer, django_capture_on_commit_callbacks):
    council = CouncilFactory()
    with (
        mock.patch.object(EmailMessage, "send", side_effect=OSError("SMTP refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invitations_send(councils=Council.objects.all(), invited_by=officer)
    invitation = Invitation.objects.get()
    assert invitation.status == "failed" and "SMTP refused" in invitation.error
    council.refresh_from_db()
    assert council.status == "not-signed"
    # A failed invitation counts as not invited: it can be sent again.
    assert list(councils_not_invited(version=charter)) == [council]


def test_reminders_go_to_the_invited_who_have_not_signed(charter, officer):
    invited = CouncilFactory()
    InvitationFactory(council=invited, version=charter)
    signed = CouncilFactory()
    InvitationFactory(council=signed, version=charter)
    signatory(signed, charter)
    failed = CouncilFactory()
    InvitationFactory(council=failed, version=charter, status="failed")
    CouncilFactory()  # never invited
    assert list(councils_to_remind(version=charter)) == [invited]


# --- The policy page ---


def test_page_permissions(anon_client, user_client, clerk_client, policy_client, admin_client):
    assert anon_client.get(URL).status_code == 302
    assert user_client.get(URL).status_code == 403
    assert clerk_client.get(URL).status_code == 403
    assert clerk_client.post(URL, {"who": "not-invited"}).status_code == 403
    assert policy_client.get(URL).status_code == 200
    assert admin_client.get(URL).status_code == 200
    assert not Invitation.objects.exists()


def test_page_empty_state(policy_client, charter):
    response = policy_client.get(URL)
    assert "No invitations have been sent yet" in response.text


def test_invite_by_district(policy_client, charter, django_capture_on_commit_callbacks):
    north, south = DistrictFactory(name="North"), DistrictFactory(name="South")
    a = CouncilFactory(district=north)
    CouncilFactory(district=south)
    CouncilFactory(district=north, contact_email="", name="No Address Parish Council")
    with django_capture_on_commit_callbacks(execute=True):
        response = policy_client.post(URL, {"who": "district", "district": north.pk}, follow=True)
    assert [i.council for i in Invitation.objects.all()] == [a]
    assert "1 invitation on their way" in response.text
    assert "1 skipped, with no contact address: No Address Parish Council" in response.text
    assert a.name in response.text and "Sent" in response.text
    assert len(mail.outbox) == 1


def test_invite_by_kind(policy_client, charter):
    town = CouncilFactory(kind=Council.Kind.TOWN)
    CouncilFactory(kind=Council.Kind.PARISH)
    policy_client.post(URL, {"who": "kind", "kind": "town"})
    assert [i.council for i in Invitation.objects.all()] == [town]


def test_send_reminder(policy_client, charter, django_capture_on_commit_callbacks):
    council = CouncilFactory()
    InvitationFactory(council=council, version=charter)
    last_week = timezone.now() - datetime.timedelta(days=7)
    Invitation.objects.update(created_at=last_week)  # a reminder comes days after the invitation
    with django_capture_on_commit_callbacks(execute=True):
        policy_client.post(URL, {"who": "reminder"})
    reminder = Invitation.objects.get(kind="reminder")
    assert (reminder.council, reminder.status) == (council, "sent")
    [email] = mail.outbox
    assert email.subject.startswith("[Oxfordshire Councils Charter] Reminder")


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose who to invite."),
        ({"who": "everyone!"}, "Select a valid choice"),
        ({"who": "district"}, "Choose the district to invite."),
        ({"who": "district", "district": "999999"}, "Choose a district from the list."),
        ({"who": "district", "district": "x"}, "Choose a district from the list."),
        ({"who": "kind"}, "Choose the kind of council to invite."),
        ({"who": "kind", "kind": "borough"}, "Choose a kind of council from the list."),
    ],
)
def test_bad_input(policy_client, charter, data, message):
    response = policy_client.post(URL, data)
    assert response.status_code == 200
    assert "There is a problem" in response.text and message in response.text
    assert not Invitation.objects.exists()


def test_nonsense_page_number(policy_client, charter):
    assert policy_client.get(URL + "?page=abc").status_code == 404


def test_list_queries_do_not_grow(policy_client, charter, officer):
    def count(n):
        for _ in range(n):
            InvitationFactory(version=charter, invited_by=officer)
        CouncilFactory(contact_email="")
        with CaptureQueriesContext(connection) as queries:
            assert policy_client.get(URL).status_code == 200
        return len(queries)

    assert count(3) == count(30)


def test_dashboard_shows_clerks_and_signatures(policy_client, charter):
    InvitationFactory(version=charter, status="failed")
    response = policy_client.get("/policy/")
    assert "Clerks and signatures" in response.text
    assert "1 failed" in response.text
    assert URL in response.text
