"""The stored "latest report" marker: ``ProgressReport.is_latest`` is true for exactly
each council's latest report on each commitment (by key, across charter versions), whatever
writes the reports, and the public aggregates read it."""

import random

import pytest

from commitments.services import charter_version_draft, charter_version_publish
from councils.models import ProgressReport, ReportingPeriod
from councils.services.progress import progress_reports_import
from tests.factories import (
    CouncilFactory,
    UserFactory,
    progress_report,
    progress_reported,
    signatory,
)

pytestmark = pytest.mark.django_db

NOW = ReportingPeriod.current()


def expected_latest() -> set[int]:
    """The rule, in Python: the newest period, then the newest row, per council and key."""
    newest = {}
    for report in ProgressReport.objects.select_related("commitment"):
        group = (report.council_id, report.commitment.key)
        rank = (report.period_year, report.period_quarter, report.pk)
        if group not in newest or newest[group][0] < rank:
            newest[group] = (rank, report.pk)
    return {pk for _, pk in newest.values()}


def marked() -> set[int]:
    return set(ProgressReport.objects.filter(is_latest=True).values_list("pk", flat=True))


def test_the_marker_follows_reports_written_in_any_order(charter):
    rng = random.Random(8)
    commitments = list(charter.commitments.all())
    councils = [signatory(CouncilFactory(), charter) for _ in range(4)]
    periods = [NOW]
    for _ in range(4):
        periods.append(periods[-1].previous())
    cells = [(c, m, p) for c in councils for m in commitments for p in periods]
    for council, commitment, period in rng.sample(cells, 30):
        progress_report(council, commitment, period)
        assert marked() == expected_latest()


def test_a_clerk_reporting_this_quarter_supersedes_the_last(charter):
    council = signatory(CouncilFactory(), charter)
    communication = charter.commitments.get(key="communication")
    earlier = progress_report(council, communication, NOW.previous(), status="planned")
    assert marked() == {earlier.pk}
    report, _ = progress_reported(
        council, communication, period=NOW, status="in-progress", what_we_did="A newsletter."
    )
    assert marked() == {report.pk} and report.is_latest
    again, created = progress_reported(
        council, communication, period=NOW, status="embedded", what_we_did="Every month."
    )
    assert not created and marked() == {again.pk}
    spread = ProgressReport.objects.status_spread(key="communication")
    assert spread.counts == {"embedded": 1}


def test_across_charter_versions_the_key_counts(charter):
    council = signatory(CouncilFactory(), charter)
    old = progress_report(council, charter.commitments.get(key="communication"), NOW.previous())
    draft = charter_version_draft(source=charter)
    v2 = charter_version_publish(version=draft, published_on=charter.published_on)
    new = progress_report(council, v2.commitments.get(key="communication"), NOW)
    assert marked() == {new.pk} == expected_latest()
    assert old.pk not in marked()


def test_an_import_keeps_the_marker(charter):
    council = signatory(CouncilFactory(), charter)
    communication = charter.commitments.get(key="communication")
    earlier = progress_report(council, communication, NOW.previous(), status="planned")
    header = "council,gss_code,commitment,period,status,what_we_did,evidence_links,"
    row = f"{council.slug},,communication,{NOW},embedded,Monthly.,,"
    text = f"{header}not_applicable_reason\n{row}\n"
    progress_reports_import(text=text, user=UserFactory())
    imported = ProgressReport.objects.get(period_year=NOW.year, period_quarter=NOW.quarter)
    assert marked() == {imported.pk} == expected_latest()
    assert earlier.pk not in marked()


def test_the_admin_cannot_write_a_report_around_the_service(charter, admin_client):
    """The marker is kept by ``progress_report_save`` only: the admin only reads reports."""
    council = signatory(CouncilFactory(), charter)
    report = progress_report(council, charter.commitments.get(key="communication"), NOW)
    url = f"/admin/councils/progressreport/{report.pk}/change/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"status": "planned", "period_year": NOW.year - 3})
    admin_client.post(f"/admin/councils/progressreport/{report.pk}/delete/", {"post": "yes"})
    report.refresh_from_db()
    assert report.period_year == NOW.year and marked() == {report.pk}


def test_refresh_all_repairs_bulk_writes(charter):
    council = signatory(CouncilFactory(), charter)
    communication = charter.commitments.get(key="communication")
    for period in (NOW.previous().previous(), NOW.previous(), NOW):
        progress_report(council, communication, period)
    ProgressReport.objects.update(is_latest=True)  # as a bulk write might leave them
    assert ProgressReport.objects.latest_marker_refresh_all() == 1
    assert marked() == expected_latest()


def test_latest_up_to_an_earlier_quarter_still_compares_the_reports(charter):
    council = signatory(CouncilFactory(), charter)
    communication = charter.commitments.get(key="communication")
    earlier = progress_report(council, communication, NOW.previous())
    progress_report(council, communication, NOW)
    as_of_then = ProgressReport.objects.latest_per_commitment(NOW.previous())
    assert list(as_of_then.values_list("pk", flat=True)) == [earlier.pk]
