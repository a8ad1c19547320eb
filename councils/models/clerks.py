"""Who acts for a council: a user's request, and the decision that confirms or rejects it."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def new_token():
    return secrets.token_urlsafe(32)


class CouncilRoleQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=CouncilRole.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=CouncilRole.Status.PENDING)

    def for_user(self, user):
        return self.filter(user=user).select_related("council", "council__district")

    def for_queue(self):
        return self.pending().select_related("user", "council", "council__district")


class CouncilRole(models.Model):
    """A user's claim to act for a council, and what the portal decided about it.

    Nobody acts for a council until the claim is confirmed, by a link sent to the council's
    registered contact address or by the policy team's decision. Every decision is recorded.
    """

    class Role(models.TextChoices):
        CLERK = "clerk", "Clerk"
        DEPUTY_CLERK = "deputy-clerk", "Deputy clerk"
        CHAIR = "chair", "Chair"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed"
        WITHDRAWN = "withdrawn", "Withdrawn by the user"

    # The colour of each status's GOV.UK tag (``{% status_tag role %}``); grey otherwise.
    STATUS_TAG_COLOURS = {"confirmed": "green", "pending": "blue", "rejected": "red"}

    class Method(models.TextChoices):
        COUNCIL_EMAIL = "council-email", "Link sent to the council's contact address"
        POLICY_TEAM = "policy-team", "Decided by the policy team"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_roles"
    )
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role)
    how_to_check = models.TextField(
        "how we can check",
        max_length=2000,
        help_text="For example, the minute that appointed you, or who at the council can confirm.",
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_method = models.CharField(max_length=20, choices=Method, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)
    confirmation_token = models.CharField(max_length=64, default=new_token, unique=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = CouncilRoleQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "council"],
                condition=Q(status__in=["pending", "confirmed"]),
                name="council_role_one_open_per_user",
                violation_error_message="You have already asked to act for this council.",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="council_role_decision_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="council_role_rejection_has_reason",
                violation_error_message="Give a reason for the rejection.",
            ),
        ]

    def __str__(self):
        return f"{self.user} as {self.get_role_display().lower()} of {self.council}"

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED
