"""What a council did under each commitment, reported quarter by quarter."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
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
    def report_by(self) -> datetime.date:
        """The last day a report for this quarter is on time: councils meet monthly or less
        and report after the quarter ends, so a quarter stays open until the end of the
        ``PORTAL_REPORT_GRACE_QUARTERS``-th quarter after it (1: the following quarter, so
        2026/27 Q3 is reported by 31 March 2027). A report after this day is late, and
        allowed."""
        period = self
        for _ in range(settings.PORTAL_REPORT_GRACE_QUARTERS):
            period = period.next()
        return period.end

    def is_open(self, today: datetime.date | None = None) -> bool:
        """Started, and still within its time for reports (``report_by``)."""
        today = today or timezone.localdate()
        return self.start <= today <= self.report_by

    @classmethod
    def open_periods(cls, today: datetime.date | None = None) -> list["ReportingPeriod"]:
        """The quarters open for reports today, oldest first: this quarter and those still in
        their time for reports."""
        current = cls.containing(today or timezone.localdate())
        periods = [current]
        while periods[0].previous().is_open(today):
            periods.insert(0, periods[0].previous())
        return periods

    @property
    def slug(self) -> str:
        """For addresses: "2026-27-q3"."""
        return f"{self.year}-{(self.year + 1) % 100:02d}-q{self.quarter}"

    @classmethod
    def from_slug(cls, text: str) -> "ReportingPeriod":
        """Read "2026-27-q3"; raise ValueError otherwise."""
        return cls.parse((text or "").replace("-", "/", 1).replace("-q", " Q").replace("-Q", " Q"))

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

    # --- Progress reports area: reads for the progress pages ---
    def up_to(self, period: ReportingPeriod):
        """Reports of this period and the periods before it."""
        return self.filter(
            Q(period_year__lt=period.year)
            | Q(period_year=period.year, period_quarter__lte=period.quarter)
        )

    def of_signatories(self):
        """Reports of councils that exist today and have signed (not withdrawn)."""
        return self.filter(council__status="signed", council__ended_on__isnull=True)

    def latest_per_commitment(self, as_of: ReportingPeriod | None = None):
        """Each council's latest report on each commitment (by its key, so across charter
        versions), up to ``as_of``.

        Up to this quarter (or with no ``as_of``), the stored marker ``is_latest`` answers, on a
        partial index: reports are only made for this quarter or earlier ones (the service
        refuses later ones), so the latest report is the latest up to this quarter. For an
        earlier quarter: a NOT EXISTS on a newer report (portable, no DISTINCT ON), which
        compares every report up to then (slow at England's size on its own)."""
        if as_of is None or as_of >= ReportingPeriod.current():
            latest = self.filter(is_latest=True)
            return latest if as_of is None else latest.up_to(as_of)
        newer = ProgressReport.objects.filter(
            council=OuterRef("council"), commitment__key=OuterRef("commitment__key")
        ).filter(
            Q(period_year__gt=OuterRef("period_year"))
            | Q(period_year=OuterRef("period_year"), period_quarter__gt=OuterRef("period_quarter"))
            | Q(
                period_year=OuterRef("period_year"),
                period_quarter=OuterRef("period_quarter"),
                pk__gt=OuterRef("pk"),
            )
        )
        reports = self
        if as_of is not None:
            newer, reports = newer.up_to(as_of), reports.up_to(as_of)
        return reports.filter(~Exists(newer))

    def by_commitment(self) -> list["CommitmentProgress"]:
        """A council's reports grouped by commitment: the latest and the earlier ones, in the
        charter's order. One query. Used as ``council.progress_reports.by_commitment``."""
        groups: dict[str, CommitmentProgress] = {}
        for report in self.select_related("commitment").order_by(
            "commitment__order", "commitment__key", "-period_year", "-period_quarter", "-pk"
        ):
            group = groups.get(report.commitment.key)
            if group is None:
                groups[report.commitment.key] = CommitmentProgress(report.commitment, report)
            else:
                group.earlier.append(report)
        return list(groups.values())

    def status_spread(self, *, key: str, as_of: ReportingPeriod | None = None) -> "StatusSpread":
        """How far the signatories have got on the commitment ``key``: a count per status of
        their latest reports, those with none, and the latest examples of what they did."""
        from commitments.models import Commitment

        from .register import Council

        # The commitment's ids (one per charter version) as values, not a join: with them the
        # planner reads the examples newest first from the partial index.
        ids = list(Commitment.objects.filter(key=key).values_list("pk", flat=True))
        latest = self.of_signatories().latest_per_commitment(as_of).filter(commitment__in=ids)
        counts = dict(latest.order_by().values_list("status").annotate(n=Count("pk")))
        signatories = Council.objects.current().signed().count()
        examples = list(
            latest.exclude(what_we_did="")
            .exclude(
                status__in=[ProgressReport.Status.NOT_STARTED, ProgressReport.Status.NOT_APPLICABLE]
            )
            .select_related("council", "commitment")
            .order_by("-period_year", "-period_quarter", "-updated_at")[:5]
        )
        return StatusSpread(signatories=signatories, counts=counts, examples=examples)

    def overview(self, *, period: ReportingPeriod, commitments) -> "ProgressOverview":
        """Districts against commitments: in each cell, how many of the district's signatories
        have a latest report (as of ``period``) in progress or embedded. Three queries."""
        from .register import Council, District

        signatories = dict(
            Council.objects.current()
            .signed()
            .order_by()
            .values_list("district_id")
            .annotate(n=Count("pk"))
        )
        counts: dict[tuple, dict[str, int]] = {}
        rows = (
            self.of_signatories()
            .latest_per_commitment(period)
            .order_by()
            .values_list("council__district_id", "commitment__key", "status")
            .annotate(n=Count("pk"))
        )
        for district_id, key, status, n in rows:
            counts.setdefault((district_id, key), {})[status] = n
        districts = [(d.pk, d.name) for d in District.objects.order_by("name")]
        if signatories.get(None):
            districts.append((None, "County-wide (the county council)"))
        commitments = list(commitments)
        grid = [
            OverviewRow(
                name=name,
                signatories=signatories.get(pk, 0),
                cells=[
                    OverviewCell(signatories.get(pk, 0), counts.get((pk, c.key), {}), label=c.title)
                    for c in commitments
                ],
            )
            for pk, name in districts
        ]
        total = OverviewRow(
            name="All districts",
            signatories=sum(signatories.values()),
            cells=[
                OverviewCell(
                    sum(signatories.values()),
                    {
                        status: sum(
                            counts.get((pk, c.key), {}).get(status, 0) for pk, _ in districts
                        )
                        for status in ProgressReport.Status.values
                    },
                    label=c.title,
                )
                for c in commitments
            ],
        )
        return ProgressOverview(period=period, commitments=commitments, rows=grid, total=total)

    def signatories_not_reported(self, period: ReportingPeriod):
        """Signatories (councils) with fewer reports this period than their signed version has
        commitments, annotated with ``reported``, ``commitment_count`` and ``missing``."""
        from commitments.models import Commitment

        from .register import Council

        reported = (
            ProgressReport.objects.in_period(period)
            .filter(council=OuterRef("pk"), commitment__version=OuterRef("signed_version"))
            .order_by()
            .values("council")
            .annotate(n=Count("pk"))
            .values("n")
        )
        total = (
            Commitment.objects.filter(version=OuterRef("signed_version"))
            .order_by()
            .values("version")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Council.objects.current()
            .signed()
            .select_related("district")
            .annotate(
                reported=Coalesce(Subquery(reported), 0),
                commitment_count=Coalesce(Subquery(total), 0),
            )
            .annotate(missing=F("commitment_count") - F("reported"))
            .filter(missing__gt=0)
            .order_by("district__name", "name")
        )

    def policy_summary(self) -> dict:
        """For the policy team's dashboard: this quarter, and how many signatories have not
        reported on every commitment in it."""
        period = ReportingPeriod.current()
        return {"period": period, "not_reported": self.signatories_not_reported(period).count()}

    # --- Performance: the stored "latest report" marker ---
    def latest_marker_refresh(self, *, council_id: int, commitment_id: int) -> None:
        """Mark the latest of one council's reports on one commitment (by key, across charter
        versions) ``is_latest``, and the others not: one UPDATE of that council's few reports
        on that key."""
        from commitments.models import Commitment

        key = Commitment.objects.filter(pk=commitment_id).values("key")[:1]
        group = ProgressReport.objects.filter(council_id=council_id, commitment__key=key)
        newest = group.order_by("-period_year", "-period_quarter", "-pk").values("pk")[:1]
        group.update(
            is_latest=ExpressionWrapper(Q(pk=Subquery(newest)), output_field=BooleanField())
        )

    def latest_marker_refresh_all(self, batch_size: int = 5000) -> int:
        """Recompute ``is_latest`` for every report (after bulk writes that bypass ``save()``:
        the migration that added it, the benchmark's generator). Returns how many are latest."""
        newest: dict[tuple, tuple] = {}
        rows = ProgressReport.objects.values_list(
            "pk", "council_id", "commitment__key", "period_year", "period_quarter"
        )
        for pk, council_id, key, year, quarter in rows.iterator(chunk_size=batch_size):
            group = (council_id, key)
            if group not in newest or newest[group] < (year, quarter, pk):
                newest[group] = (year, quarter, pk)
        latest = sorted(pk for *_, pk in newest.values())
        ProgressReport.objects.filter(is_latest=True).update(is_latest=False)
        for start in range(0, len(latest), batch_size):
            ProgressReport.objects.filter(pk__in=latest[start : start + batch_size]).update(
                is_latest=True
            )
        return len(latest)

    # --- end of performance ---

    # --- What councils did: the public library of progress reports ---
    def for_library(self):
        """Reports that say what the council did, newest first, with the council, its
        district and the commitment joined (what each entry shows): one query a page. Every
        report is already public on its council's page."""
        return (
            self.exclude(what_we_did="")
            .select_related("council", "council__district", "commitment")
            .order_by("-period_year", "-period_quarter", "-updated_at", "-pk")
        )

    def search(self, q: str):
        """Reports with every word of ``q`` in what the council did (case ignored) or in the
        council's name (case, accents and punctuation ignored, as the directory's search)."""
        from .register import search_key

        qs = self
        for word in str(q or "").split():
            key = search_key(word)
            match = Q(what_we_did__icontains=word)
            if key:
                match |= Q(council__search_name__contains=key)
            qs = qs.filter(match)
        return qs

    def for_download(self):
        return self.select_related(
            "council", "council__district", "commitment", "commitment__version"
        ).prefetch_related("council__codes")


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        EMBEDDED = "embedded", "Embedded"
        NOT_APPLICABLE = "not-applicable", "Not applicable"

    # The colour of each status's GOV.UK tag (``{% status_tag report %}``); grey otherwise.
    STATUS_TAG_COLOURS = {"embedded": "green", "in-progress": "blue", "planned": "yellow"}

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
    late = models.BooleanField(
        default=False, help_text="Made after the quarter's time for reports (report_by) ended."
    )
    # Performance: whether this is the council's latest report on the commitment (by
    # its key, across charter versions). Derived, like an index: ``progress_report_save`` (the
    # one writer of reports: the form, the CSV upload) keeps it for the report's group in the
    # same transaction, so that the public aggregates (commitment page, progress overview) read
    # a partial index instead of comparing all the reports. Bulk writes (the benchmark's
    # generator) call ``latest_marker_refresh_all()``; ``check_integrity`` reports any drift.
    is_latest = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["is_latest"])
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_year", "-period_quarter", "commitment__order"]
        indexes = [
            models.Index(fields=["period_year", "period_quarter", "status"]),
            models.Index(fields=["commitment", "-updated_at"]),
            # What councils did: the newest reports first, a page at a time.
            models.Index(
                fields=["-period_year", "-period_quarter", "-updated_at"],
                name="progress_newest_idx",
            ),
            # Performance: the latest reports by commitment, newest first.
            models.Index(
                fields=["commitment", "-period_year", "-period_quarter", "-updated_at"],
                condition=Q(is_latest=True),
                name="progress_latest_idx",
            ),
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


# --- Progress reports area: what the reads above return ---
PROGRESSING = ("in-progress", "embedded")


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class CommitmentProgress:
    """One commitment on a council's page: its latest report and the earlier ones."""

    commitment: object
    latest: ProgressReport
    earlier: list = field(default_factory=list)


@dataclass
class StatusSpread:
    signatories: int
    counts: dict
    examples: list

    @property
    def reported(self) -> int:
        return sum(self.counts.values())

    @property
    def not_reported(self) -> int:
        return max(self.signatories - self.reported, 0)

    @property
    def rows(self) -> list[dict]:
        """[{status, label, count, percent}] for every status, on the fixed scale's order."""
        return [
            {
                "status": value,
                "label": label,
                "count": self.counts.get(value, 0),
                "percent": _percent(self.counts.get(value, 0), self.signatories),
            }
            for value, label in ProgressReport.Status.choices
        ]


@dataclass
class OverviewCell:
    """One district and commitment: ``signatories`` (councils), their latest reports'
    ``counts`` by status, and the commitment's title as ``label``. A signatory that said the
    commitment does not apply to it is left out of the percentage's whole."""

    signatories: int
    counts: dict
    label: str = ""

    @property
    def progressing(self) -> int:
        return sum(self.counts.get(s, 0) for s in PROGRESSING)

    @property
    def not_applicable(self) -> int:
        return self.counts.get(ProgressReport.Status.NOT_APPLICABLE, 0)

    @property
    def applicable(self) -> int:
        """The signatories the commitment applies to: the percentage's whole."""
        return max(self.signatories - self.not_applicable, 0)

    @property
    def percent(self) -> int:
        return _percent(self.progressing, self.applicable)


@dataclass
class OverviewRow:
    name: str
    signatories: int
    cells: list


@dataclass
class ProgressOverview:
    period: ReportingPeriod
    commitments: list
    rows: list
    total: OverviewRow
