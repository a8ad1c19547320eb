"""The working group's action plan: action items, and the dated updates that make their timeline.

Writes go through ``actions.services``: it assigns references, keeps ``version`` for optimistic
concurrency and records every change in the item's history.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commitments.models import Commitment
from councils.permissions import may


class Status(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    DELAYED = "delayed", "Delayed"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


CLOSED_STATUSES = (Status.COMPLETE, Status.CANCELLED)
OPEN_STATUSES = tuple(s for s in Status if s not in CLOSED_STATUSES)

# The GOV.UK tag colour for each status.
STATUS_TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--orange",
    Status.DELAYED: "govuk-tag--red",
    Status.COMPLETE: "govuk-tag--blue",
    Status.CANCELLED: "govuk-tag--grey",
}


class ActionItemQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Everything for the policy team; public items for everyone else."""
        return self.all() if may(user, "action_plan.manage") else self.public()

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_date__lt=today)

    def at_risk(self):
        return self.filter(status__in=[Status.AT_RISK, Status.DELAYED])

    def for_commitment(self, key: str):
        """Items serving the commitment with this stable key, in any charter version."""
        return self.filter(
            Exists(
                ActionItem.commitments.through.objects.filter(
                    actionitem=OuterRef("pk"), commitment__key=key
                )
            )
        )

    def for_plan(self):
        """What a list of items shows: lead council, commitments, aims, last update date."""
        return (
            self.select_related("lead_council")
            .prefetch_related(
                models.Prefetch(
                    "commitments", queryset=Commitment.objects.select_related("version")
                ),
                "aims",
            )
            .annotate(
                last_update_on=Subquery(
                    ActionUpdate.objects.filter(item=OuterRef("pk"))
                    .order_by("-date")
                    .values("date")[:1]
                )
            )
            .order_by("position", "pk")
        )

    def with_timeline(self):
        return self.select_related("lead_council").prefetch_related(
            models.Prefetch(
                "updates", queryset=ActionUpdate.objects.select_related("author").newest_first()
            ),
            models.Prefetch("commitments", queryset=Commitment.objects.select_related("version")),
            "aims",
        )

    def for_commitment_page(self, key: str):
        return self.public().for_commitment(key).for_plan()

    def dashboard_counts(self, today: datetime.date | None = None) -> dict[str, int]:
        """Counts for the policy dashboard, in one query."""
        today = today or timezone.localdate()
        open_items = ~Q(status__in=CLOSED_STATUSES)
        return self.aggregate(
            total=Count("pk"),
            public=Count("pk", filter=Q(is_public=True)),
            open=Count("pk", filter=open_items),
            overdue=Count("pk", filter=open_items & Q(due_date__lt=today)),
            at_risk=Count("pk", filter=Q(status=Status.AT_RISK)),
            delayed=Count("pk", filter=Q(status=Status.DELAYED)),
        )


_item_history = HistoricalRecords(m2m_fields=["commitments", "aims"], excluded_fields=["position"])


class ActionItem(models.Model):
    """One action of the working group's plan, led by a council or a named partner."""

    Status = Status

    reference = models.CharField(
        max_length=12, unique=True, editable=False, help_text="A-1, A-2, ... never reused."
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    commitments = models.ManyToManyField(
        "commitments.Commitment",
        related_name="action_items",
        blank=True,
        verbose_name="commitments it serves",
    )
    aims = models.ManyToManyField(
        "commitments.StrategicAim",
        related_name="action_items",
        blank=True,
        verbose_name="strategic aims it serves",
    )
    lead_council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name="lead council",
    )
    lead_partner = models.CharField(
        "lead partner",
        max_length=200,
        blank=True,
        help_text="A partner organisation that is not a council, for example "
        "Oxfordshire Association of Local Councils (OALC).",
    )
    lead_officer_role = models.CharField(
        "lead officer's role",
        max_length=200,
        help_text="A role, not a person's name, for example Head of Democratic Services.",
    )
    start_date = models.DateField()
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    is_public = models.BooleanField(
        "show on the public action plan",
        default=False,
    )
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # Reordering is not a change to the item: position stays out of its history. The services
    # write one history record per change, commitments and aims included (record_history).
    history = _item_history
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["is_public", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(lead_council__isnull=False) & Q(lead_partner=""))
                | (Q(lead_council__isnull=True) & ~Q(lead_partner="")),
                name="action_one_lead_organisation",
                violation_error_message="Give either a lead council or a lead partner, not both.",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
                violation_error_message="The due date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(reference__regex=r"^A-[1-9][0-9]*$"),
                name="action_reference_format",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="action_status_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="action_version_positive"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("actions:detail", kwargs={"reference": self.reference})

    @property
    def lead_organisation(self) -> str:
        return self.lead_council.name if self.lead_council_id else self.lead_partner

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status, "")


def record_history(item: ActionItem, *, by, created: bool) -> None:
    """One history record of the item as it is now, commitments and aims included.

    The services save an item with ``skip_history_when_saving`` set, then set its commitments
    and aims, then call this: one record per change, rather than one per save and per m2m set.
    """
    item._history_user = by
    _item_history.create_historical_record(item, "+" if created else "~")


def item_history_m2m_model(name: str):
    """The historical model that keeps an item's ``commitments`` or ``aims`` per record."""
    return next(m for f, m in _item_history.m2m_models.items() if f.name == name)


class ActionReferenceCounter(models.Model):
    """The last reference number given, so a number is never given twice, even after a
    deletion. One row, locked while a reference is assigned."""

    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="action_counter_single_row"),
        ]

    def __str__(self):
        return f"Last action reference: A-{self.last_number}"


class ActionUpdateQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-date", "-created_at", "-pk")

    def public(self):
        return self.filter(item__is_public=True)

    def for_feed(self):
        return self.public().select_related("item").newest_first()


class ActionUpdate(models.Model):
    """A dated progress update on an item; a status change is recorded with it."""

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="updates")
    date = models.DateField()
    text = models.TextField(max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status_from = models.CharField(max_length=12, choices=Status, blank=True)
    status_to = models.CharField(max_length=12, choices=Status, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status_from="") & Q(status_to=""))
                | (~Q(status_from="") & ~Q(status_to="") & ~Q(status_from=F("status_to"))),
                name="action_update_status_change",
                violation_error_message="A status change needs the status before and after.",
            ),
        ]

    def __str__(self):
        return f"{self.item.reference}, {self.date:%d %B %Y}"

    @property
    def changes_status(self) -> bool:
        return bool(self.status_to)

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES.get(self.status_to, "")
