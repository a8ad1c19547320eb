"""Checks of the councils app's derived values, for ``manage.py check_integrity`` (see
``ui.integrity``). Each recomputes, in a few queries whatever the size, what the services keep
row by row, and returns the drift; ``fix`` functions put it right through the same code the
services use."""

from ui.integrity import Drift

from .models import Council, Invitation, ProgressReport, Signature
from .models.register import search_key
from .services.status import council_status_derive, council_status_refresh


def council_status_drift() -> list[Drift]:
    """Every council whose stored ``status``, ``signed_on`` or ``signed_version`` differs from
    what its signatures and invitations give (``council_status_derive``, the services' rule).
    Three queries."""
    latest: dict[int, Signature] = {}
    for signature in Signature.objects.only(
        "council_id", "version_id", "resolution_date", "withdrawn_on"
    ).order_by("council_id", "-version__number", "-recorded_at"):
        latest.setdefault(signature.council_id, signature)
    invited = set(
        Invitation.objects.exclude(status=Invitation.Status.FAILED).values_list(
            "council_id", flat=True
        )
    )
    drift = []
    rows = Council.objects.order_by("pk").values_list(
        "pk", "name", "status", "signed_on", "signed_version_id"
    )
    for pk, name, *stored in rows.iterator(chunk_size=2000):
        derived = council_status_derive(latest=latest.get(pk), invited=pk in invited)
        for field, was, now in zip(
            ("status", "signed_on", "signed_version"), stored, derived, strict=True
        ):
            if was != now:
                drift.append(Drift("council status", f"{name} (id {pk})", field, was, now, pk))
    return drift


def council_status_fix(drift: list[Drift]) -> None:
    for pk in sorted({d.pk for d in drift}):
        council_status_refresh(council=Council(pk=pk))


def latest_report_drift() -> list[Drift]:
    """Every progress report whose ``is_latest`` marker differs from the rule: the newest
    report of each council on each commitment (by key, across charter versions), by period
    then id. One query, read in chunks."""
    newest: dict[tuple, tuple] = {}
    marked: dict[int, bool] = {}
    rows = ProgressReport.objects.values_list(
        "pk", "council_id", "commitment__key", "period_year", "period_quarter", "is_latest"
    )
    for pk, council_id, key, year, quarter, is_latest in rows.iterator(chunk_size=5000):
        marked[pk] = is_latest
        group = (council_id, key)
        if group not in newest or newest[group] < (year, quarter, pk):
            newest[group] = (year, quarter, pk)
    latest = {pk for *_, pk in newest.values()}
    return [
        Drift(
            "latest report marker", f"progress report {pk}", "is_latest", stored, pk in latest, pk
        )
        for pk, stored in sorted(marked.items())
        if stored != (pk in latest)
    ]


def latest_report_fix(drift: list[Drift]) -> None:
    ProgressReport.objects.latest_marker_refresh_all()


def search_name_drift() -> list[Drift]:
    """Every council whose ``search_name`` is not ``search_key`` of its name (the form the
    directory's search compares). One query, read in chunks."""
    rows = Council.objects.order_by("pk").values_list("pk", "name", "search_name")
    return [
        Drift("search name", f"{name} (id {pk})", "search_name", stored, search_key(name), pk)
        for pk, name, stored in rows.iterator(chunk_size=5000)
        if stored != search_key(name)
    ]


def search_name_fix(drift: list[Drift]) -> None:
    for d in drift:
        Council.objects.filter(pk=d.pk).update(search_name=d.derived)


CHECKS = [
    (council_status_drift, council_status_fix),
    (latest_report_drift, latest_report_fix),
    (search_name_drift, search_name_fix),
]
