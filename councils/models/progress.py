"""What a council did under each commitment, reported quarter by quarter."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2})\s*Q([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    """A quarter of the UK local government financial year (1 April to 31 March).

    ``year`` is the year the financial year starts: 2026/27 Q3 is October to December 2026.
    """

    year: int
    quarter: int

    def __post_init__(self):
        if not 1 <= self.quarter <= 4:
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        if not 2000 <= self.year <= 2100:
            raise ValueError("The year is out of range.")

    @classmethod
    def containing(cls, day: datetime.date) -> "ReportingPeriod":
        year = day.year if day.month >= 4 else day.year - 1
        quarter = (day.month - 4) % 12 // 3 + 1
        return cls(year, quarter)

    @classmethod
    def current(cls) -> "ReportingPeriod":
        return cls.containing(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> "ReportingPeriod":
        """Read "2026/27 Q3" (the form the portal shows); raise ValueError otherwise."""
        match = _PERIOD_RE.match(text or "")
        if not match:
            raise ValueError("Enter a period like 2026/27 Q3.")
        year, next_year, quarter = int(match[1]), int(match[2]), int(match[3])
        if (year + 1) % 100 != next_year:
            raise ValueError(f"{year}/{next_year:02d} is not a financial year.")
        return cls(year, quarter)

    @property
    def start(self) -> datetime.date:
        month = 4 + (self.quarter - 1) * 3
        return datetime.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> "ReportingPeriod":
        if self.quarter == 4:
            return ReportingPeriod(self.year + 1, 1)
        return ReportingPeriod(self.year, self.quarter + 1)

    def previous(self) -> "ReportingPeriod":
        if self.quarter == 1:
            return ReportingPeriod(self.year - 1, 4)
        return ReportingPeriod(self.year, self.quarter - 1)

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.quarter}"

    @property
    def months(self) -> str:
        return f"{self.start:%B} to {self.end:%B %Y}"

    def __str__(self):
        return self.label


class ProgressReportQuerySet(models.QuerySet):
    def in_period(self, period: ReportingPeriod):
        return self.filter(period_year=period.year, period_quarter=period.quarter)

    def latest_first(self):
        return self.order_by("-period_year", "-period_quarter", "-updated_at")


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        EMBEDDED = "embedded", "Embedded"
        NOT_APPLICABLE = "not-applicable", "Not applicable"

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="progress_reports"
    )
    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.PROTECT, related_name="progress_reports"
    )
    period_year = models.PositiveSmallIntegerField()
    period_quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=Status)
    not_applicable_reason = models.TextField(max_length=2000, blank=True)
    what_we_did = models.TextField("what the council did", max_length=5000, blank=True)
    evidence_links = models.JSONField(default=list, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_year", "-period_quarter", "commitment__order"]
        indexes = [
            models.Index(fields=["period_year", "period_quarter", "status"]),
            models.Index(fields=["commitment", "-updated_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "commitment", "period_year", "period_quarter"],
                name="progress_one_per_commitment_per_period",
                violation_error_message="This council has already reported on this commitment "
                "for this period.",
            ),
            models.CheckConstraint(
                condition=Q(period_quarter__gte=1) & Q(period_quarter__lte=4),
                name="progress_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(status="not-applicable") | ~Q(not_applicable_reason=""),
                name="progress_not_applicable_has_reason",
                violation_error_message="Say why this commitment does not apply to the council.",
            ),
        ]

    def __str__(self):
        return f"{self.council}: {self.commitment} in {self.period}"

    @property
    def period(self) -> ReportingPeriod:
        return ReportingPeriod(self.period_year, self.period_quarter)
