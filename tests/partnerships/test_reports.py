import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from councils.models import ReportingPeriod
from partnerships.models import FrozenReport
from partnerships.reports import (
    annual_report_freeze,
    freezes_on,
    report_freeze,
    report_note_add,
    reports_freeze_due,
)
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    PartnershipFactory,
    PolicyOfficerFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

Q2 = ReportingPeriod(2026, 2)  # July to September 2026


def test_frozen_once_the_reporting_grace_period_ends(settings):
    """The quarter's report waits for the reports made on time: until its ``report_by``."""
    settings.PORTAL_REPORT_GRACE_QUARTERS = 1
    assert freezes_on(Q2) == datetime.date(2027, 1, 1)
    with pytest.raises(ValidationError):
        report_freeze(period=Q2, today=datetime.date(2026, 12, 31))
    assert report_freeze(period=Q2, today=datetime.date(2027, 1, 1)).quarter == 2


def test_the_report_holds_overdue_reviews_and_significant_risks_and_never_changes(charter):
    p = PartnershipFactory(
        name="Oxfordshire Waste Partnership", review_due_on=datetime.date(2026, 9, 1)
    )
    RiskFactory(partnership=p, title="Landfill closes", likelihood=5, impact=5, is_public=True)
    RiskFactory(partnership=p, title="Secret", likelihood=4, impact=4, is_public=False)
    report = report_freeze(period=Q2, today=datetime.date(2027, 1, 1))
    assert [r["name"] for r in report.data["overdue_reviews"]] == ["Oxfordshire Waste Partnership"]
    risks = {r["risk"] for r in report.data["significant_risks"]}
    assert risks == {"Landfill closes", "(a risk not published)"}
    # Later changes do not reach it; a second freeze is refused, by the service and the database.
    PartnershipFactory(name="Later partnership", review_due_on=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError):
        report_freeze(period=Q2, today=datetime.date(2027, 1, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        FrozenReport.objects.create(year=2026, quarter=2, frozen_at=report.frozen_at, data={})
    report.refresh_from_db()
    assert len(report.data["overdue_reviews"]) == 1


def test_report_page_downloads_and_dated_corrections(anon_client, policy_client, charter):
    item = ActionItemFactory(title="Joint waste plan")
    ActionUpdateFactory(item=item, status="at-risk", date=datetime.date(2026, 8, 3))
    report = report_freeze(period=Q2, today=datetime.date(2027, 1, 1))
    assert report.get_absolute_url() == "/partnerships/reports/2026-27-q2/"
    page = anon_client.get(report.get_absolute_url()).content.decode()
    assert "Quarterly report 2026/27 Q2" in page and "Joint waste plan" in page
    report_note_add(report=report, by=PolicyOfficerFactory(), text="Cropredy signed in Q1.")
    page = anon_client.get(report.get_absolute_url()).content.decode()
    assert "Cropredy signed in Q1." in page
    csv = b"".join(anon_client.get(f"{report.get_absolute_url()}report.csv").streaming_content)
    assert b"action status change" in csv and b"correction" in csv
    data = json.loads(anon_client.get(f"{report.get_absolute_url()}report.json").content)
    assert data["corrections"][0]["text"] == "Cropredy signed in Q1."
    assert anon_client.get("/partnerships/reports/2026-27-q3/").status_code == 404
    assert anon_client.get("/partnerships/reports/nonsense/").status_code == 404
    response = policy_client.post(
        f"{report.get_absolute_url()}notes/new/", {"date": "2099-01-01", "text": "x"}
    )
    assert "cannot be in the future" in response.content.decode()


def test_annual_report_gathers_the_four_quarters(charter):
    with pytest.raises(ValidationError):
        annual_report_freeze(year=2025)
    for quarter in (1, 2, 3):
        report_freeze(period=ReportingPeriod(2025, quarter), today=datetime.date(2026, 6, 1))
    frozen = reports_freeze_due(today=datetime.date(2026, 7, 1))  # Q4 2025/26's report-by + 1
    assert [r.label for r in frozen] == [
        "Quarterly report 2025/26 Q4",
        "Annual report 2025/26",
    ]
    annual = frozen[1]
    assert [q["quarter"] for q in annual.data["quarters"]] == [1, 2, 3, 4]
    assert reports_freeze_due(today=datetime.date(2026, 7, 2)) == []


def test_the_scheduler_freezes_reports_and_reminds_of_reviews(settings, charter):
    """Both are scheduled tasks (no cron line): freezing daily, review reminders weekly."""
    from partnerships.scheduled_tasks import reports_freeze_task, review_reminders_task

    schedules = {entry["task"] for entry in settings.PORTAL_SCHEDULES.values()}
    assert "partnerships.scheduled_tasks.reports_freeze_task" in schedules
    assert "partnerships.scheduled_tasks.review_reminders_task" in schedules
    reports_freeze_task.enqueue()
    assert FrozenReport.objects.exists()  # the quarters closed before today
    assert review_reminders_task.enqueue().return_value == 0  # none is overdue
