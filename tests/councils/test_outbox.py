"""The outbox: the mail server down never fails a signature, and the email goes out
when the server is back (``manage.py send_queued_email``), once, with back-off between tries."""

import datetime
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, Invitation, OutgoingEmail, Signature
from councils.services.invitations import invitations_send
from councils.services.outbox import outgoing_email_deliver, outgoing_emails_send_due
from councils.services.signing import signature_record
from councils.tasks import email_send
from tests.factories import CouncilFactory, CouncilRoleFactory, PolicyOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


class FlakySMTPBackend(BaseEmailBackend):
    """A mail server that refuses every connection while ``down``, then delivers to
    ``mail.outbox`` as the test backend does."""

    down = True
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).down:
            raise ConnectionRefusedError(111, "Connection refused")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def mail_server(settings):
    """The mail server, down at first: ``mail_server.down = False`` brings it back."""
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakySMTPBackend"}}
    FlakySMTPBackend.down, FlakySMTPBackend.calls = True, 0
    mail.outbox = []
    yield FlakySMTPBackend
    FlakySMTPBackend.down = True


def answers(charter) -> dict:
    return {
        "resolution_date": charter.published_on or timezone.localdate(),
        "minute_reference": "Minute 12/26",
        "authorised_by_name": "Jo Bloggs",
        "authorised_by_role": "Chair of the council",
    }


def later(minutes: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


def send_queued(*args) -> str:
    out = StringIO()
    call_command("send_queued_email", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_signing_with_the_mail_server_down_succeeds_and_the_email_follows(
    clerk_client, council, charter, mail_server, django_capture_on_commit_callbacks
):
    url = reverse("councils:sign", kwargs={"slug": council.slug})
    assert clerk_client.post(url, answers(charter)).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("councils:sign-check", kwargs={"slug": council.slug}))
    assert response.status_code == 302 and response.url == council.get_absolute_url()
    assert Signature.objects.filter(council=council).count() == 1
    assert Council.objects.get(pk=council.pk).status == "signed"

    # Tried once on commit, refused, kept for later.
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.template) == ("pending", 1, "signature_signed")
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert mail.outbox == []

    # Not due yet: the command leaves it alone.
    assert "Sent 0" in send_queued()
    assert mail_server.calls == 1

    mail_server.down = False
    assert "Sent 1" in send_queued("--now")
    [sent] = mail.outbox
    assert sorted(sent.to) == sorted(email.to) and clerk_client.user.email in sent.to
    assert sent.subject == email.subject and "Minute 12/26" in sent.body
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2) and email.sent_at

    # Never sent twice.
    assert "Sent 0" in send_queued("--now")
    assert len(mail.outbox) == 1


def test_the_email_is_written_with_the_signature_or_not_at_all(
    council, charter, django_capture_on_commit_callbacks
):
    clerk = CouncilRoleFactory(council=council).user
    with pytest.raises(RuntimeError), transaction.atomic():
        signature_record(council=council, version=charter, recorded_by=clerk, **answers(charter))
        assert OutgoingEmail.objects.count() == 1  # in the same transaction
        raise RuntimeError("the request failed after the signature")
    assert not Signature.objects.exists() and not OutgoingEmail.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        signature_record(council=council, version=charter, recorded_by=clerk, **answers(charter))
    assert OutgoingEmail.objects.get().status == "sent"  # the mail server is up: sent at once
    assert len(mail.outbox) == 1


def test_back_off_doubles_to_an_hour_then_gives_up(mail_server, monkeypatch):
    email_send(template="signature_signed", to=["clerk@example.org"], context={})
    email = OutgoingEmail.objects.get()
    delays, tried_at = [], timezone.now()
    while email.status == "pending":
        delays.append(round((email.next_attempt_at - tried_at).total_seconds() / 60))
        assert outgoing_emails_send_due().failed == 0  # not due before its time
        tried_at = email.next_attempt_at
        monkeypatch.setattr(timezone, "now", lambda at=tried_at: at)
        run = outgoing_emails_send_due()
        monkeypatch.undo()
        email.refresh_from_db()
    assert delays[:8] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert email.status == "failed" and email.attempts == OutgoingEmail.MAX_ATTEMPTS
    assert run.given_up == 1
    assert mail.outbox == []


def test_sent_emails_are_deleted_after_30_days(mail_server):
    mail_server.down = False
    for _ in range(2):
        email_send(template="signature_signed", to=["clerk@example.org"], context={})
    old, recent = OutgoingEmail.objects.order_by("pk")
    OutgoingEmail.objects.filter(pk=old.pk).update(sent_at=later(-31 * 24 * 60))
    assert "deleted 1 sent" in send_queued()
    assert list(OutgoingEmail.objects.all()) == [recent]


def test_an_invitation_that_fails_is_marked_failed_not_retried(
    charter, mail_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(
            councils=Council.objects.filter(pk=council.pk), invited_by=PolicyOfficerFactory()
        )
    invitation = Invitation.objects.get()
    assert invitation.status == "failed" and "Connection refused" in invitation.error
    assert OutgoingEmail.objects.get().status == "failed"
    mail_server.down = False
    assert "Sent 0" in send_queued("--now")  # the policy team sends it again, not the outbox
    assert mail.outbox == []


def test_other_emails_sent_by_tasks_are_retried_too(mail_server):
    email_send(template="signature_signed", to=["clerk@example.org"], context={})
    assert OutgoingEmail.objects.get().status == "pending"
    mail_server.down = False
    assert "Sent 1" in send_queued("--now")
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_email_being_sent_by_another_process_is_left_alone(mail_server):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    mail_server.down = False
    email_send(template="signature_signed", to=["clerk@example.org"], context={})
    OutgoingEmail.objects.update(status="pending", sent_at=None)
    mail.outbox = []
    locked, release = threading.Event(), threading.Event()

    def other_process():
        try:
            with transaction.atomic():
                OutgoingEmail.objects.select_for_update().get()
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    assert locked.wait(10)
    try:
        assert outgoing_email_deliver(email_id=OutgoingEmail.objects.get().pk) is None
        assert "skipped 1" in send_queued("--now")
    finally:
        release.set()
        thread.join()
    assert mail.outbox == []
    assert "Sent 1" in send_queued("--now")


def test_the_back_office_shows_the_outbox_read_only(mail_server, admin_client, user_client):
    """What waits or failed, and why, for the policy team's back office; never edited there."""
    email_send(template="signature_signed", to=["clerk@example.org"], context={})
    email = OutgoingEmail.objects.get()
    changelist = reverse("admin:councils_outgoingemail_changelist")
    assert email.subject in admin_client.get(changelist).content.decode()
    change = reverse("admin:councils_outgoingemail_change", args=[email.pk])
    assert admin_client.get(change).status_code == 200  # view only
    assert admin_client.post(change, {"subject": "Changed"}).status_code == 403
    assert admin_client.get(reverse("admin:councils_outgoingemail_add")).status_code == 403
    delete = reverse("admin:councils_outgoingemail_delete", args=[email.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert OutgoingEmail.objects.get().subject == email.subject
    assert user_client.get(changelist).status_code == 302  # to the log-in page


# --- Emails about who acts for a council: written with the change, as signatures' are -------


def _role_changes(council):
    """(name, change, template) for every change to a role that emails someone."""
    from councils.services import clerks

    policy = PolicyOfficerFactory()

    def request():
        return clerks.council_role_request(
            user=UserFactory(), council=council, role="clerk", how_to_check="Minute 4/26"
        )

    def pending():
        return CouncilRoleFactory(council=council, status="pending", decided_at=None)

    return [
        ("request", request, "council_role_confirm"),
        (
            "approval",
            lambda: clerks.council_role_approve(role=pending(), decided_by=policy),
            "council_role_confirmed",
        ),
        (
            "rejection",
            lambda: clerks.council_role_reject(
                role=pending(), decided_by=policy, reason="Not the clerk"
            ),
            "council_role_rejected",
        ),
        (
            "removal",
            lambda: clerks.council_role_remove(
                role=CouncilRoleFactory(council=council), removed_by=policy, reason="Left"
            ),
            "council_role_removed",
        ),
        (
            "confirmation by the council's address",
            lambda: clerks.council_role_confirm_by_email(role=request()),
            "council_role_confirmed",
        ),
    ]


@pytest.mark.parametrize("index", range(5))
def test_role_emails_are_written_with_the_change_or_not_at_all(
    index, council, mail_server, django_capture_on_commit_callbacks
):
    name, change, template = _role_changes(council)[index]
    with pytest.raises(RuntimeError), transaction.atomic():
        change()
        # In the same transaction as the change, as signature emails are.
        assert OutgoingEmail.objects.filter(template=template).count() == 1, name
        raise RuntimeError("the request failed after the change")
    assert not OutgoingEmail.objects.filter(template=template).exists()

    OutgoingEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    email = OutgoingEmail.objects.get(template=template)
    # The mail server is down: the email waits in the outbox instead of being lost.
    assert email.status == "pending" and email.attempts == 1
    mail_server.down = False
    send_queued("--now")
    email.refresh_from_db()
    assert email.status == "sent"
    assert [m.to for m in mail.outbox if m.subject == email.subject] == [email.to]
