"""Clerks report when they actually can: a quarter stays open for reports until the end of the
following quarter (a setting), labelled on the task list; later reports are allowed and marked
late; "No change since last quarter" copies the last report after a check page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils.models import ProgressReport, ReportingPeriod
from councils.services.progress import progress_report_no_change
from tests.factories import UserFactory, progress_report, progress_reported, signatory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(monkeypatch):
    """Set "today" for the portal."""

    def set_day(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        return day

    return set_day


@pytest.fixture
def signed(council, charter):
    return signatory(council, charter)


def _tasks(council):
    return f"/councils/{council.slug}/progress/"


def _save(council, commitment, period, **values):
    return progress_reported(council, commitment, period=period, **values)


def test_a_quarter_is_reported_by_the_end_of_the_next_by_default(settings):
    q3 = ReportingPeriod.parse("2026/27 Q3")
    assert q3.report_by == datetime.date(2027, 3, 31)
    settings.PORTAL_REPORT_GRACE_QUARTERS = 0
    assert q3.report_by == datetime.date(2026, 12, 31)
    settings.PORTAL_REPORT_GRACE_QUARTERS = 2
    assert q3.report_by == datetime.date(2027, 6, 30)


def test_open_periods(settings):
    day = datetime.date(2027, 2, 10)  # 2026/27 Q4
    assert [p.label for p in ReportingPeriod.open_periods(day)] == ["2026/27 Q3", "2026/27 Q4"]
    settings.PORTAL_REPORT_GRACE_QUARTERS = 0
    assert [p.label for p in ReportingPeriod.open_periods(day)] == ["2026/27 Q4"]


def test_task_list_labels_each_open_quarter_with_its_date(signed, clerk_client, on):
    on(datetime.date(2027, 2, 10))
    html = clerk_client.get(_tasks(signed)).text
    assert "2026/27 Q4: report by 30 June 2027" in html
    assert "2026/27 Q3: report by 31 March 2027" in html
    assert html.index("2026/27 Q4: report by") < html.index("2026/27 Q3: report by")
    assert f"/councils/{signed.slug}/progress/communication/?period=2026-27-q3" in html


def test_a_report_for_the_last_quarter_in_its_grace_period_is_on_time(signed, charter, on):
    on(datetime.date(2027, 2, 10))
    communication = charter.commitments.get(key="communication")
    report, created = _save(signed, communication, ReportingPeriod.parse("2026/27 Q3"))
    assert created and not report.late
    # And it can be corrected while the quarter is open.
    report, created = _save(
        signed, communication, ReportingPeriod.parse("2026/27 Q3"), status="not-started"
    )
    assert not created and report.status == "not-started"


def test_a_late_report_is_allowed_and_marked_not_refused(signed, charter, clerk_client, on):
    on(datetime.date(2027, 5, 1))  # 2026/27 Q3 closed on 31 March 2027
    response = clerk_client.post(
        f"/councils/{signed.slug}/progress/communication/?period=2026-27-q3",
        {"status": "planned", "what_we_did": "", "evidence_links": ""},
        follow=True,
    )
    assert "Saved the report on Communication for 2026/27 Q3 (late)" in response.text
    report = ProgressReport.objects.get()
    assert report.late and report.period.label == "2026/27 Q3"
    # Once made, a closed quarter's report stays as it was.
    with pytest.raises(ValidationError, match="closed on 31 March 2027"):
        _save(
            signed,
            charter.commitments.get(key="communication"),
            ReportingPeriod.parse("2026/27 Q3"),
            status="embedded",
            what_we_did="x",
        )


def test_report_form_for_a_late_quarter_warns(signed, clerk_client, on):
    on(datetime.date(2027, 5, 1))
    html = clerk_client.get(
        f"/councils/{signed.slug}/progress/communication/?period=2026-27-q3"
    ).text
    assert "The time for reports for 2026/27 Q3 ended on 31 March 2027" in html


@pytest.mark.parametrize("period", ["banana", "2030-31-q1", "2026-27-q9"])
def test_report_form_for_a_nonsense_or_future_quarter_is_not_found(signed, clerk_client, period):
    response = clerk_client.get(f"/councils/{signed.slug}/progress/communication/?period={period}")
    assert response.status_code == 404


def test_no_change_copies_the_last_report_after_a_check_page(signed, charter, clerk_client, on):
    on(datetime.date(2027, 2, 10))
    communication = charter.commitments.get(key="communication")
    progress_report(
        signed,
        communication,
        ReportingPeriod.parse("2026/27 Q2"),
        status="in-progress",
        what_we_did="A newsletter each month.",
        evidence_links=["https://example.org/news"],
    )
    tasks = clerk_client.get(_tasks(signed)).text
    url = f"/councils/{signed.slug}/progress/communication/no-change/"
    assert f'href="{url}?period=2026-27-q3"' in tasks  # Q3: last reported in Q2
    assert "No change since 2026/27 Q2" in tasks
    check = clerk_client.get(url + "?period=2026-27-q3")
    assert check.status_code == 200
    assert "A newsletter each month." in check.text and "https://example.org/news" in check.text
    assert ProgressReport.objects.count() == 1  # the check page saves nothing
    response = clerk_client.post(url + "?period=2026-27-q3", follow=True)
    assert "no change since 2026/27 Q2" in response.text
    copy = ProgressReport.objects.get(period_year=2026, period_quarter=3)
    assert (copy.status, copy.what_we_did, copy.evidence_links) == (
        "in-progress",
        "A newsletter each month.",
        ["https://example.org/news"],
    )
    assert copy.reported_by == clerk_client.user and not copy.late
    # Twice: refused with a reason, nothing changes.
    response = clerk_client.post(url + "?period=2026-27-q3", follow=True)
    assert "already reported" in response.text
    assert ProgressReport.objects.count() == 2


def test_no_change_without_an_earlier_report(signed, charter, clerk_client):
    url = f"/councils/{signed.slug}/progress/communication/no-change/"
    response = clerk_client.get(url, follow=True)
    assert "has not reported on" in response.text
    with pytest.raises(ValidationError, match="not reported"):
        progress_report_no_change(
            council=signed,
            commitment=charter.commitments.get(key="communication"),
            period=ReportingPeriod.current(),
            user=UserFactory(),
        )
    assert not ProgressReport.objects.exists()


def test_the_council_page_marks_a_late_report(signed, charter, anon_client, on):
    on(datetime.date(2027, 5, 1))
    _save(signed, charter.commitments.get(key="communication"), ReportingPeriod(2026, 3))
    assert "in 2026/27 Q3 (reported late)" in anon_client.get(signed.get_absolute_url()).text
