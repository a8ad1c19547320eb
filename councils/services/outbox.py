"""The outbox (``OutgoingEmail``): writing an email, sending it, retrying it.

- ``outgoing_email_create``: the row, in the caller's transaction.
- ``outgoing_email_deliver``: one attempt to send one email. The row is locked while it is
  sent (``SKIP LOCKED``: an email another process is sending is left alone), so two processes
  never send the same email twice. A failure is recorded and the next attempt scheduled.
- ``outgoing_emails_send_due``: every email due, for the scheduled task
  ``councils.tasks.outgoing_emails_send_due_task`` and ``manage.py send_queued_email``.

Rendering the portal's emails and queueing them on commit is in ``councils/tasks.py``.
"""

import datetime
import logging
from dataclasses import dataclass
from email.utils import getaddresses

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import OutgoingEmail, OutgoingEmailRecipient

logger = logging.getLogger(__name__)


def outgoing_email_create(
    *, subject: str, body: str, to: list[str], reply_to: list[str] = (), template: str = ""
) -> OutgoingEmail:
    """The email, pending, in the caller's transaction; linked to each user whose verified
    address is among ``to`` (``OutgoingEmailRecipient``: whose email it is)."""
    email = OutgoingEmail.objects.create(
        template=template,
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to),
    )
    OutgoingEmailRecipient.objects.bulk_create(
        OutgoingEmailRecipient(email=email, user_id=user_id, address=address)
        for user_id, address in verified_owners(to)
    )
    return email


def verified_owners(addresses) -> list[tuple[int, str]]:
    """``(user id, address)`` for each of ``addresses`` (``"Name <a@b>"`` or ``"a@b"``) that a
    user has verified (allauth's ``EmailAddress``, stored in lower case). An address added but
    not confirmed belongs to nobody."""
    from allauth.account.models import EmailAddress

    wanted = {address.lower() for _, address in getaddresses(list(addresses)) if address}
    if not wanted:
        return []
    return list(
        EmailAddress.objects.filter(email__in=wanted, verified=True)
        .order_by("user_id", "email")
        .values_list("user_id", "email")
    )


def outgoing_email_deliver(*, email_id: int, retry: bool = True) -> OutgoingEmail | None:
    """Try once to send a pending email; return it (sent, still pending, or failed), or None
    if it was not pending or another process is sending it.

    A failure is never raised when ``retry`` is on: the email stays pending and is tried again
    after ``OutgoingEmail.retry_delay()``, up to ``MAX_ATTEMPTS``. With ``retry`` off, the email
    is marked failed and the error raised, for a caller that records failures itself.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return None  # sent already, given up on, or being sent by another process
        email.attempts += 1
        try:
            email.message().send()
        except Exception as error:  # noqa: BLE001 - any failure to send is recorded
            failure = error
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if retry and email.attempts < email.MAX_ATTEMPTS:
                email.next_attempt_at = timezone.now() + email.retry_delay()
            else:
                email.status = OutgoingEmail.Status.FAILED
            logger.warning(
                "Email %s (%s) not sent, attempt %s: %s",
                email.pk,
                email.template,
                email.attempts,
                email.last_error,
            )
        else:
            failure = None
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    if failure is not None and not retry:
        raise failure
    return email


@dataclass
class OutboxRun:
    sent: int = 0
    failed: int = 0  # to be retried
    given_up: int = 0
    skipped: int = 0  # being sent by another process
    purged: int = 0


def outgoing_emails_send_due(
    *, limit: int = 500, ignore_backoff: bool = False, keep_sent_days: int = 30
) -> OutboxRun:
    """Send every email due (oldest first, at most ``limit``), then delete sent emails older
    than ``keep_sent_days`` (they hold people's addresses; the record of what happened is in
    the signatures' and councils' history)."""
    run = OutboxRun()
    pending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
    due = pending.order_by("next_attempt_at", "pk") if ignore_backoff else pending.due()
    for email_id in list(due.values_list("pk", flat=True)[:limit]):
        email = outgoing_email_deliver(email_id=email_id)
        if email is None:
            run.skipped += 1
        elif email.status == OutgoingEmail.Status.SENT:
            run.sent += 1
        elif email.status == OutgoingEmail.Status.FAILED:
            run.given_up += 1
        else:
            run.failed += 1
    if keep_sent_days:
        cutoff = timezone.now() - datetime.timedelta(days=keep_sent_days)
        run.purged, _ = OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff
        ).delete()
    return run
