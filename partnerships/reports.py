"""Quarterly and annual reports, frozen at a permanent address.

At each quarter's close, once its reporting grace period has passed (``freezes_on``: the day
after the quarter's ``report_by``, the last day clerks report on time),
``reports_freeze_due`` writes the quarter's report: signatories and changes, progress by district
and commitment, action plan movement, overdue partnership reviews and significant risks, as
plain JSON. It is never rewritten (the database refuses a second report of a quarter; nothing
updates ``data``); corrections are dated notes. The annual report gathers the four quarters of a
financial year once the fourth is frozen. The partnership strategy (section 12) reports
quarterly and annually; section 11 sends significant risks to the quarterly report.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from actions.models import ActionItem, ActionUpdate
from councils.models import Council, ProgressReport, ReportingPeriod, Signature
from ui.cache import PARTNERSHIPS, pages_changed

from .models import FrozenReport, Partnership, ReportNote, Risk


def freezes_on(period: ReportingPeriod) -> datetime.date:
    """The first day the quarter's report may be frozen: the day after ``period.report_by``,
    the end of the reporting grace period (``PORTAL_REPORT_GRACE_QUARTERS``), so that the
    report holds every report made on time."""
    return period.report_by + datetime.timedelta(days=1)


def quarter_data(period: ReportingPeriod) -> dict:
    """The quarter's report as plain JSON-able values (dates as ISO strings)."""
    start, end = period.start, period.end
    signed = Signature.objects.filter(resolution_date__range=(start, end)).select_related("council")
    withdrawn = Signature.objects.filter(withdrawn_on__range=(start, end)).select_related("council")
    signatories = (
        Signature.objects.filter(resolution_date__lte=end)
        .exclude(withdrawn_on__lte=end)
        .values("council")
        .distinct()
        .count()
    )
    progress = (
        ProgressReport.objects.filter(period_year=period.year, period_quarter=period.quarter)
        .values(district=F("council__district__name"), commitment_key=F("commitment__key"))
        .annotate(
            reports=Count("pk"),
            **{
                status.replace("-", "_"): Count("pk", filter=Q(status=status))
                for status in ProgressReport.Status.values
            },
        )
        .order_by("district", "commitment_key")
    )
    movement = (
        ActionUpdate.objects.filter(date__range=(start, end), item__is_public=True)
        .exclude(status_to="")
        .select_related("item")
        .order_by("date", "pk")
    )
    new_items = ActionItem.objects.public().filter(created_at__date__range=(start, end))
    overdue = (
        Partnership.objects.filter(ended_on__isnull=True, review_due_on__lte=end)
        .order_by("review_due_on", "name")
        .values("name", "slug", "review_due_on")
    )
    risks = Risk.objects.significant().select_related("partnership").order_by("partnership__name")
    return {
        "period": period.label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "signatories_at_end": signatories,
        "councils": Council.objects.current().count(),
        "signed": [
            {"council": s.council.name, "date": s.resolution_date.isoformat()} for s in signed
        ],
        "withdrawn": [
            {"council": s.council.name, "date": s.withdrawn_on.isoformat()} for s in withdrawn
        ],
        "progress": [{**row, "district": row["district"] or "(county)"} for row in progress],
        "action_plan": {
            "added": [{"reference": i.reference, "title": i.title} for i in new_items],
            "status_changes": [
                {
                    "reference": u.item.reference,
                    "title": u.item.title,
                    "date": u.date.isoformat(),
                    "from": u.get_status_from_display(),
                    "to": u.get_status_to_display(),
                }
                for u in movement
            ],
        },
        "overdue_reviews": [
            {**row, "review_due_on": row["review_due_on"].isoformat()} for row in overdue
        ],
        "significant_risks": [
            {
                "partnership": r.partnership.name,
                "risk": r.title if r.is_public else "(a risk not published)",
                "likelihood": r.likelihood,
                "impact": r.impact,
                "owner": r.owner,
            }
            for r in risks
        ],
    }


@transaction.atomic
def report_freeze(*, period: ReportingPeriod, today: datetime.date | None = None) -> FrozenReport:
    """Freeze the quarter's report; refused before ``freezes_on(period)`` or if frozen already."""
    pages_changed(PARTNERSHIPS)
    today = today or timezone.localdate()
    if today < freezes_on(period):
        raise ValidationError(
            f"The report for {period.year} Q{period.quarter} can be frozen from "
            f"{freezes_on(period):%-d %B %Y}."
        )
    if FrozenReport.objects.filter(year=period.year, quarter=period.quarter).exists():
        raise ValidationError("This quarter's report is frozen already.")
    return FrozenReport.objects.create(
        year=period.year,
        quarter=period.quarter,
        frozen_at=timezone.now(),
        data=quarter_data(period),
    )


@transaction.atomic
def annual_report_freeze(*, year: int) -> FrozenReport:
    """The financial year's report: its four frozen quarters, gathered."""
    pages_changed(PARTNERSHIPS)
    quarters = list(FrozenReport.objects.filter(year=year, quarter__gte=1).order_by("quarter"))
    if len(quarters) != 4:
        raise ValidationError(f"The four quarters of {year} are not all frozen yet.")
    if FrozenReport.objects.filter(year=year, quarter=0).exists():
        raise ValidationError("This year's annual report is frozen already.")
    return FrozenReport.objects.create(
        year=year,
        quarter=0,
        frozen_at=timezone.now(),
        data={"quarters": [{"quarter": q.quarter, **q.data} for q in quarters]},
    )


def reports_freeze_due(*, today: datetime.date | None = None) -> list[FrozenReport]:
    """Freeze the last closed quarter whose grace period has passed (and the annual report
    when that quarter is a fourth); for ``manage.py freeze_reports``, run daily."""
    today = today or timezone.localdate()
    period = ReportingPeriod.containing(today).previous()
    if today < freezes_on(period):
        period = period.previous()
    frozen = []
    if not FrozenReport.objects.filter(year=period.year, quarter=period.quarter).exists():
        frozen.append(report_freeze(period=period, today=today))
    year = FrozenReport.objects.filter(year=period.year)
    if (
        period.quarter == 4
        and not year.filter(quarter=0).exists()
        and year.filter(quarter__gte=1).count() == 4
    ):
        frozen.append(annual_report_freeze(year=period.year))
    return frozen


@transaction.atomic
def report_note_add(*, report: FrozenReport, by, text: str, date=None) -> ReportNote:
    """A dated correction shown with the report (which itself never changes)."""
    pages_changed(PARTNERSHIPS)
    return ReportNote.objects.create(
        report=report, date=date or timezone.localdate(), text=text, author=by
    )
