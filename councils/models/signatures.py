"""A council's signature of a charter version, and invitations to sign."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class SignatureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_on__isnull=True)

    def newest_first(self):
        return self.select_related("council", "council__district", "version").order_by(
            "-recorded_at"
        )


class Signature(models.Model):
    """A council's resolution to sign one charter version. One per council per version."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="signatures"
    )
    version = models.ForeignKey(
        "commitments.CharterVersion", on_delete=models.PROTECT, related_name="signatures"
    )
    resolution_date = models.DateField("date of the council's resolution")
    minute_reference = models.CharField(max_length=100)
    minutes_url = models.URLField("link to the published minutes", max_length=500, blank=True)
    authorised_by_name = models.CharField("name of who authorised it", max_length=200)
    authorised_by_role = models.CharField(
        "their role", max_length=100, help_text="Usually the chair of the council."
    )
    on_paper = models.BooleanField(
        "received on paper", default=False, help_text="Recorded by the policy team."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(max_length=2000, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-version__number", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "version"],
                name="signature_one_per_council_per_version",
                violation_error_message="This council has already signed this charter version.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawal_reason=""),
                name="signature_withdrawal_has_reason",
                violation_error_message="Give the reason for the withdrawal.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("resolution_date")),
                name="signature_withdrawn_after_signing",
                violation_error_message="A withdrawal cannot come before the signature.",
            ),
        ]

    def __str__(self):
        return f"{self.council} signed version {self.version.number}"

    @property
    def is_withdrawn(self):
        return self.withdrawn_on is not None


class Invitation(models.Model):
    """An email inviting a council to sign, or reminding it; sent by a background task.

    When a new version is published, each council that signed an earlier one is asked to
    re-affirm (``REAFFIRMATION``, to its confirmed clerks, or its contact address when it has
    none) and may be reminded (``REAFFIRMATION_REMINDER``). A council is reminded at most once
    in ``councils.services.invitations.REMINDER_INTERVAL``: the rows are the record of when."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        REMINDER = "reminder", "Reminder"
        REAFFIRMATION = "reaffirmation", "Request to re-affirm"
        REAFFIRMATION_REMINDER = "reaffirmation-reminder", "Reminder to re-affirm"

    REMINDER_KINDS = (Kind.REMINDER, Kind.REAFFIRMATION_REMINDER)

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="invitations"
    )
    version = models.ForeignKey(
        "commitments.CharterVersion", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=Kind, default=Kind.INVITATION)
    email = models.EmailField()
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    error = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["council", "kind", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.council} ({self.get_status_display()})"
