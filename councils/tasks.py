"""Background work for the councils app: every email the portal sends about clerks, signatures
and invitations. Tasks take ids (JSON-able) and are enqueued with ``transaction.on_commit`` by
the services, so that nothing is sent for a change that was rolled back. Emails about a change
(a role request, a decision, a removal, a signature) are written by ``*_queue`` functions in
the service's own transaction.

Every email goes through the outbox (``OutgoingEmail``, ``services/outbox.py``): written as a
row first, then sent. ``email_queue`` writes it in the caller's transaction and enqueues the
task that sends it once that commits (a signature and its email are saved together, or not at
all); ``email_send``, for tasks already running after the commit, writes it and tries at once.
An email that could not be sent is retried with back-off by the scheduled task
``outgoing_emails_send_due_task`` (settings ``PORTAL_SCHEDULES["outbox"]``, every minute).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commitments.diff import version_diff
from commitments.models import CharterVersion

from .models import CouncilRole, Invitation, OutgoingEmail, Signature
from .services.outbox import (
    outgoing_email_create,
    outgoing_email_deliver,
    outgoing_emails_send_due,
)
from .services.status import council_status_refresh

logger = logging.getLogger(__name__)


def site_url(name: str, **kwargs) -> str:
    """An absolute link to a page of the portal, for emails sent outside a request."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _email_write(*, template: str, to: list[str], context: dict) -> OutgoingEmail:
    """The email whose subject and body are ``templates/email/<template>.txt`` (the first line
    is the subject, the rest the body), written to the outbox."""
    context = {"site_url": settings.SITE_URL, **context}
    subject, _, body = render_to_string(f"email/{template}.txt", context).strip().partition("\n")
    return outgoing_email_create(
        template=template,
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(),
        body=body.strip() + "\n",
        to=to,
        reply_to=[settings.POLICY_TEAM_EMAIL],
    )


def email_queue(*, template: str, to: list[str], context: dict) -> OutgoingEmail:
    """Write the email in the current transaction; enqueue its sending once the transaction
    commits (a failure leaves it to ``outgoing_emails_send_due_task``)."""
    email = _email_write(template=template, to=to, context=context)
    transaction.on_commit(lambda: outgoing_email_send.enqueue(email_id=email.pk), robust=True)
    return email


def email_send(*, template: str, to: list[str], context: dict, retry: bool = True) -> None:
    """Write the email and try to send it now. A failure is retried later by
    ``outgoing_emails_send_due_task``; with ``retry=False`` it is raised instead (and not
    retried), for a caller that records failures itself."""
    email = _email_write(template=template, to=to, context=context)
    outgoing_email_deliver(email_id=email.pk, retry=retry)


@task
def outgoing_email_send(*, email_id: int) -> None:
    """The first attempt to send an email of the outbox, straight after the commit. Sends at
    most once: the row is locked while it is sent and must still be pending."""
    outgoing_email_deliver(email_id=email_id)


@task
def outgoing_emails_send_due_task() -> dict:
    """Every email of the outbox that is due: first attempts that failed (the mail server was
    down), retried with back-off (``OutgoingEmail.retry_delay``), and any whose first attempt
    was lost with its worker. Scheduled every minute (``PORTAL_SCHEDULES["outbox"]``). Returns
    the counts of ``OutboxRun`` (sent, failed, given_up, skipped, purged)."""
    return vars(outgoing_emails_send_due())


def council_role_confirmation_queue(*, role: CouncilRole) -> OutgoingEmail | None:
    """Ask whoever reads the council's registered contact address to confirm the request: the
    email is written in the caller's transaction (with the request) and sent once it commits.
    None when the council has no contact address."""
    if not role.council.contact_email:
        return None
    return email_queue(
        template="council_role_confirm",
        to=[role.council.contact_email],
        context={
            "role": role,
            "confirm_url": site_url("councils:role-confirm", token=role.confirmation_token),
        },
    )


def council_role_decision_queue(*, role: CouncilRole) -> OutgoingEmail:
    """Tell the user what was decided about their request (confirmed, rejected or removed):
    the email is written in the caller's transaction (with the decision) and sent once it
    commits, so a decision is never recorded without its email, nor an email sent for a
    decision rolled back."""
    return email_queue(
        template=f"council_role_{role.status}",
        to=[role.user.email],
        context={"role": role, "my_councils_url": site_url("councils:my-councils")},
    )


def signature_notify_queue(*, signature: Signature, event: str = "signed") -> OutgoingEmail:
    """Tell the clerks of the council and the policy team that a signature was recorded or
    withdrawn: the email is written in the caller's transaction (with the signature) and sent
    once it commits."""
    clerks = list(
        CouncilRole.objects.confirmed()
        .filter(council=signature.council)
        .values_list("user__email", flat=True)
    )
    if not signature.on_paper:
        clerks.append(signature.recorded_by.email)
    return email_queue(
        template=f"signature_{event}",
        to=sorted({settings.POLICY_TEAM_EMAIL, *clerks}),
        context={
            "signature": signature,
            "council_url": settings.SITE_URL + signature.council.get_absolute_url(),
        },
    )


def what_changed(*, invitation: Invitation) -> dict:
    """For a request (or reminder) to re-affirm, what changed since the version the council
    signed (or, if that is not an earlier public version, the public version before this one):
    ``{"changed_since": CharterVersion, "changes": {"added", "removed", "changed",
    "unchanged"}: section counts, "changes_url": the public "What changed" page of the two}``,
    or ``{}`` when there is no earlier public version or the email is not about re-affirming."""
    if invitation.kind not in (
        Invitation.Kind.REAFFIRMATION,
        Invitation.Kind.REAFFIRMATION_REMINDER,
    ):
        return {}
    version = invitation.version
    earlier = CharterVersion.objects.public().filter(number__lt=version.number)
    signed = invitation.council.signed_version_id
    since = (earlier.filter(pk=signed).first() if signed else None) or earlier.first()
    if since is None:
        return {}
    both = CharterVersion.objects.with_contents().in_bulk([since.pk, version.pk])
    return {
        "changed_since": since,
        "changes": version_diff(both[since.pk], both[version.pk]).counts(),
        "changes_url": site_url("commitments:version-compare")
        + f"?from={since.number}&to={version.number}",
    }


@task
def invitation_send(*, invitation_id: int) -> None:
    """Send one invitation or reminder; a failure marks it failed with the error."""
    invitation = Invitation.objects.select_related("council", "version", "invited_by").get(
        pk=invitation_id
    )
    if invitation.status != Invitation.Status.QUEUED:
        return
    try:
        email_send(
            retry=False,  # a failed invitation is shown to the policy team, who send it again
            template=f"invitation_{invitation.kind}",
            to=[invitation.email],
            context={
                "invitation": invitation,
                "council": invitation.council,
                "start_url": site_url("councils:role-request")
                + f"?council={invitation.council.slug}",
                "charter_url": site_url("commitments:charter"),
                "version_url": site_url(
                    "commitments:version-detail", number=invitation.version.number
                ),
                "sign_url": site_url("councils:sign", slug=invitation.council.slug),
                **what_changed(invitation=invitation),
            },
        )
    except Exception as error:  # noqa: BLE001 - any failure to send is recorded, not raised
        logger.warning("Invitation %s to %s failed: %s", invitation.pk, invitation.email, error)
        with transaction.atomic():
            invitation.status = Invitation.Status.FAILED
            invitation.error = f"{type(error).__name__}: {error}"[:2000]
            invitation.save(update_fields=["status", "error"])
            council_status_refresh(council=invitation.council)
        return
    invitation.status = Invitation.Status.SENT
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["status", "sent_at"])
