"""The outbox: every email the portal sends is first a row here (reliability).

A service that must tell someone of a change (a signature, its withdrawal) writes the email in
the same transaction as the change, so that an email is never lost when the mail server is
down, and never sent for a change that was rolled back. A task tries to send it as soon as the
transaction commits; the scheduled task ``outgoing_emails_send_due_task`` (every minute) sends
whatever is still pending, retrying failures with back-off.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime | None = None):
        """Pending emails whose next attempt is now or past, oldest first."""
        return self.filter(
            status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        ).order_by("next_attempt_at", "pk")


class OutgoingEmail(models.Model):
    """One email to send, sent, or given up on after ``MAX_ATTEMPTS`` attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # Back-off: 1 minute after the first failure, doubling to at most an hour between
    # attempts; given up after 50 attempts (about two days).
    RETRY_FIRST = datetime.timedelta(minutes=1)
    RETRY_MAX = datetime.timedelta(hours=1)
    MAX_ATTEMPTS = 50

    template = models.CharField(max_length=100, blank=True, help_text="Which email this is.")
    subject = models.CharField(max_length=500)
    body = models.TextField()
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outgoing_email_pending_due",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="outgoing_email_sent_has_time",
                violation_error_message="An email is sent when, and only when, it has a time.",
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.to)} ({self.get_status_display()})"

    def message(self) -> EmailMessage:
        return EmailMessage(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            to=self.to,
            reply_to=self.reply_to,
        )

    def retry_delay(self) -> datetime.timedelta:
        """How long to wait after ``attempts`` failed attempts."""
        doublings = min(max(self.attempts - 1, 0), 20)  # 2**20 minutes is far past the cap
        return min(self.RETRY_FIRST * 2**doublings, self.RETRY_MAX)


class OutgoingEmailRecipient(models.Model):
    """A user an email of the outbox is to: one of its addresses was an address that user had
    verified when the email was written (``outgoing_email_create``). It is what makes the email
    theirs, in their data download and when they close their account; an address alone never
    does (it may be a typo, or have changed hands since)."""

    email = models.ForeignKey(OutgoingEmail, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField(max_length=254, help_text="The user's address the email is to.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "user", "address"], name="outgoing_email_recipient_unique"
            )
        ]

    def __str__(self):
        return f"{self.address} (user {self.user_id})"
