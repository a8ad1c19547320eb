"""Progress reports: periods, the clerk's report, the policy team's CSV upload, reminders."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from councils.models import CouncilRole, ProgressReport, ReportingPeriod
from councils.services import progress as services
from councils.services.progress import (
    ProgressImportError,
    progress_reminders_send,
    progress_report_save,
    progress_reports_import,
)

from ..factories import (
    CouncilFactory,
    CouncilRoleFactory,
    ProgressReportFactory,
    UserFactory,
    signatory,
)
from ..helpers import all_at_once

pytestmark = pytest.mark.django_db

NOW = ReportingPeriod.current()


# --- ReportingPeriod ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, label",
    [
        (datetime.date(2026, 4, 1), "2026/27 Q1"),
        (datetime.date(2026, 6, 30), "2026/27 Q1"),
        (datetime.date(2026, 7, 1), "2026/27 Q2"),
        (datetime.date(2026, 10, 15), "2026/27 Q3"),
        (datetime.date(2026, 12, 31), "2026/27 Q3"),
        (datetime.date(2027, 1, 1), "2026/27 Q4"),
        (datetime.date(2027, 3, 31), "2026/27 Q4"),
    ],
)
def test_a_period_is_a_quarter_of_the_financial_year(day, label):
    assert ReportingPeriod.containing(day).label == label


def test_q1_is_april_to_june_and_2026_27_q3_is_october_to_december_2026():
    q1 = ReportingPeriod.parse("2026/27 Q1")
    assert (q1.start, q1.end) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    q3 = ReportingPeriod.parse("2026/27 Q3")
    assert (q3.start, q3.end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert q3.months == "October to December 2026"
    q4 = ReportingPeriod.parse(" 2026/27 q4 ")
    assert (q4.start, q4.end) == (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    assert q4.next() == ReportingPeriod(2027, 1) and ReportingPeriod(2027, 1).previous() == q4


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "like 2026/27 Q3"),
        ("Q3 2026", "like 2026/27 Q3"),
        ("2026/27 Q5", "like 2026/27 Q3"),
        ("2026/28 Q1", "not a financial year"),
        ("1999/00 Q1", "out of range"),
    ],
)
def test_period_parse_errors(text, message):
    with pytest.raises(ValueError, match=message):
        ReportingPeriod.parse(text)


# --- progress_report_save -------------------------------------------------------------------


@pytest.fixture
def signed(council, charter):
    return signatory(council, charter)


@pytest.fixture
def communication(charter):
    return charter.commitments.get(key="communication")


def _save(council, commitment, user=None, period=NOW, **values):
    data = {
        "status": "in-progress",
        "what_we_did": "A monthly newsletter.",
        "evidence_links": ["https://example.org/news"],
        "not_applicable_reason": "",
    }
    data.update(values)
    return progress_report_save(
        council=council, commitment=commitment, period=period, user=user or UserFactory(), **data
    )


def test_a_clerk_reports_once_and_corrects_within_the_period(signed, communication):
    clerk, deputy = UserFactory(), UserFactory()
    report, created = _save(signed, communication, user=clerk)
    assert created and report.period == NOW and report.reported_by == clerk
    again, created = _save(
        signed, communication, user=deputy, status="embedded", what_we_did="Now every month."
    )
    assert not created and again.pk == report.pk
    assert ProgressReport.objects.count() == 1
    again.refresh_from_db()
    assert (again.status, again.what_we_did) == ("embedded", "Now every month.")
    assert again.reported_by == deputy
    history = list(again.history.order_by("history_date"))
    assert [h.status for h in history] == ["in-progress", "embedded"]
    assert [h.history_user for h in history] == [clerk, deputy]


def test_closed_periods_are_read_only(signed, communication):
    """A quarter closes at its report_by date (the end of the next quarter): two quarters ago
    is closed today, whatever the day."""
    closed = NOW.previous().previous()
    earlier = ProgressReportFactory(
        council=signed,
        commitment=communication,
        period_year=closed.year,
        period_quarter=closed.quarter,
        status="planned",
    )
    with pytest.raises(ValidationError) as excinfo:
        _save(signed, communication, period=closed, status="embedded")
    assert "closed" in str(excinfo.value)
    earlier.refresh_from_db()
    assert earlier.status == "planned"
    with pytest.raises(ValidationError, match="has not started yet"):
        _save(signed, communication, period=NOW.next())
    # This quarter is a new report, beside the earlier one.
    _save(signed, communication)
    assert ProgressReport.objects.filter(council=signed).count() == 2


def test_not_applicable_needs_a_reason(signed, communication):
    with pytest.raises(ValidationError) as excinfo:
        _save(signed, communication, status="not-applicable", not_applicable_reason="  ")
    assert "not_applicable_reason" in excinfo.value.message_dict
    report, _ = _save(
        signed, communication, status="not-applicable", not_applicable_reason="No staff."
    )
    assert report.not_applicable_reason == "No staff."
    # The reason goes when the status changes.
    report, _ = _save(signed, communication, status="planned", not_applicable_reason="No staff.")
    assert report.not_applicable_reason == ""


@pytest.mark.parametrize(
    "values, field",
    [
        ({"status": "finished"}, "status"),
        ({"status": "embedded", "what_we_did": ""}, "what_we_did"),
        ({"evidence_links": ["javascript:alert(1)"]}, "evidence_links"),
        ({"evidence_links": ["ftp://example.org/x"]}, "evidence_links"),
        ({"evidence_links": ["not a link"]}, "evidence_links"),
        ({"evidence_links": [f"https://example.org/{n}" for n in range(11)]}, "evidence_links"),
        ({"what_we_did": "x" * 5001}, "what_we_did"),
    ],
)
def test_bad_content_is_refused_by_field(signed, communication, values, field):
    with pytest.raises(ValidationError) as excinfo:
        _save(signed, communication, **values)
    assert field in excinfo.value.message_dict
    assert not ProgressReport.objects.exists()


def test_evidence_links_are_cleaned(signed, communication):
    links = [" https://example.org/a ", "", "https://example.org/a", "http://example.org/b"]
    report, _ = _save(signed, communication, evidence_links=links)
    assert report.evidence_links == ["https://example.org/a", "http://example.org/b"]


def test_only_commitments_of_the_signed_version(signed, communication, charter):
    from commitments.models import CharterVersion, Commitment

    draft = CharterVersion.objects.create(number=2, status="draft")
    other = Commitment.objects.create(version=draft, key="communication", title="Communication")
    with pytest.raises(ValidationError, match="not a commitment of the charter version"):
        _save(signed, other)


def test_a_council_that_has_not_signed_cannot_report(council, communication):
    with pytest.raises(ValidationError, match="has not signed the charter"):
        _save(council, communication)


def test_a_double_submit_gives_one_report_and_no_error(signed, communication):
    """Two requests at once: both find no report; the second insert hits the unique constraint
    and corrects the first report instead."""
    _save(signed, communication, what_we_did="First.")
    real = services._existing
    calls = []

    def racing(**kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real(**kwargs)

    with mock.patch.object(services, "_existing", side_effect=racing):
        report, created = _save(signed, communication, what_we_did="Second.")
    assert not created and len(calls) == 2
    assert ProgressReport.objects.get().what_we_did == "Second."


# --- progress_reports_import -----------------------------------------------------------------

HEADER = (
    "council,gss_code,commitment,period,status,what_we_did,evidence_links,not_applicable_reason"
)


def _csv(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def test_import_reads_web_addresses_as_the_forms_do(signed, communication):
    text = _csv(f"{signed.slug},,communication,{NOW},planned,,adderburypc.co.uk/news,")
    progress_reports_import(text=text, user=UserFactory())
    report = ProgressReport.objects.get(council=signed)
    assert report.evidence_links == ["https://adderburypc.co.uk/news"]


def test_import_creates_and_corrects_reports(signed, communication, other_council, charter):
    signatory(other_council, charter)
    ProgressReportFactory(council=signed, commitment=communication, status="planned")
    text = _csv(
        f"{signed.slug},,communication,{NOW},embedded,Every month.,https://example.org/a https://example.org/b,",
        f",{other_council.gss_codes[0]},resources,{NOW},Not applicable,,,We have no budget.",
    )
    result = progress_reports_import(text=text, user=UserFactory())
    assert (len(result.created), len(result.updated)) == (1, 1)
    corrected = ProgressReport.objects.get(council=signed)
    assert corrected.status == "embedded"
    assert corrected.evidence_links == ["https://example.org/a", "https://example.org/b"]
    na = ProgressReport.objects.get(council=other_council)
    assert (na.status, na.not_applicable_reason) == ("not-applicable", "We have no budget.")


def test_import_is_all_or_nothing_with_errors_by_line_and_field(signed, council, communication):
    unsigned = CouncilFactory()
    closed = NOW.previous().previous()
    ProgressReportFactory(
        council=signed,
        commitment=signed.signed_version.commitments.get(key="consultation-and-engagement"),
        period_year=closed.year,
        period_quarter=closed.quarter,
        status="planned",
    )
    text = _csv(
        f"{signed.slug},,communication,{NOW},in progress,Newsletter.,,",  # line 2: fine
        f"no-such-council,,communication,{NOW},planned,,,",  # line 3
        f"{signed.slug},,resources,2026/27 Q9,done,,notalink,",  # line 4
        f"{signed.slug},,no-such-commitment,{NOW},planned,,,",  # line 5
        f"{signed.slug},,resources,{NOW},not applicable,,,",  # line 6
        f"{unsigned.slug},,communication,{NOW},planned,,,",  # line 7
        f"{signed.slug},,communication,{NOW},planned,,,",  # line 8: same as line 2
        f"{signed.slug},,consultation-and-engagement,{closed},embedded,Done.,,",  # line 9
    )
    with pytest.raises(ProgressImportError) as excinfo:
        progress_reports_import(text=text, user=UserFactory())
    errors = "\n".join(excinfo.value.errors)
    assert not [e for e in excinfo.value.errors if e.startswith("line 2")]
    assert "line 3, council: “no-such-council” is not a council" in errors
    assert "line 4, period: Enter a period like 2026/27 Q3" in errors
    assert "line 4, status: “done” is not one of" in errors
    assert "line 5, commitment: “no-such-commitment” is not a commitment" in errors
    assert "line 6, not_applicable_reason: Say why" in errors
    assert f"line 7, council: {unsigned.name} has not signed" in errors
    assert "line 8: the same council, commitment and period as line 2" in errors
    assert "line 9: Reports for" in errors and "closed" in errors
    assert ProgressReport.objects.count() == 1  # only the one made before


@pytest.mark.parametrize(
    "text, message",
    [
        ("council,period\nx,y\n", "line 1: missing column(s): commitment, status"),
        ("commitment,period,status\nx,y,z\n", "missing column(s): council or gss_code"),
        (HEADER + "\n", "The file has no reports in it."),
        (HEADER + "\na,b,c,d,e,f,g,h,i\n", "line 2: more values than columns"),
    ],
)
def test_import_of_a_malformed_file(db, text, message):
    with pytest.raises(ProgressImportError) as excinfo:
        progress_reports_import(text=text, user=UserFactory())
    assert message in excinfo.value.errors[0]


def test_a_failure_while_saving_rolls_back_every_row(signed, communication):
    text = _csv(
        f"{signed.slug},,communication,{NOW},planned,,,",
        f"{signed.slug},,resources,{NOW},planned,,,",
    )
    real = services.progress_report_save

    def second_fails(**kwargs):
        if kwargs["commitment"].key == "resources":
            raise ValidationError("Something changed meanwhile.")
        return real(**kwargs)

    with (
        mock.patch.object(services, "progress_report_save", side_effect=second_fails),
        pytest.raises(ProgressImportError, match="line 3: Something changed"),
    ):
        progress_reports_import(text=text, user=UserFactory())
    assert not ProgressReport.objects.exists()


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_go_to_confirmed_clerks_or_the_contact_address(
    signed, communication, charter, django_capture_on_commit_callbacks
):
    CouncilRoleFactory(council=signed, user=UserFactory(email="clerk@example.org"))
    CouncilRoleFactory(
        council=signed, user=UserFactory(email="pending@example.org"), status="pending"
    )
    signatory(CouncilFactory(contact_email="office@example.org"), charter)
    done = signatory(CouncilFactory(), charter)
    for commitment in charter.commitments.all():
        ProgressReportFactory(council=done, commitment=commitment)
    ProgressReportFactory(council=signed, commitment=communication)
    CouncilFactory()  # not a signatory: no reminder

    with django_capture_on_commit_callbacks(execute=True):
        count = progress_reminders_send(period=NOW, user=UserFactory(full_name="Pat Officer"))
    assert count == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"clerk@example.org", "office@example.org"}
    message = by_address["clerk@example.org"]
    assert str(NOW) in message.subject and signed.name in message.subject
    assert "- Communication" not in message.body and "- Resources" in message.body
    assert f"/councils/{signed.slug}/progress/" in message.body
    assert "Pat Officer" in message.body
    assert CouncilRole.objects.filter(council=signed).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_on_postgresql(charter):
    """Real concurrency: two threads, each with its own connection, report at once."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    council = signatory(CouncilFactory(), charter)
    commitment = charter.commitments.get(key="communication")
    users = [UserFactory(), UserFactory()]
    outcomes = all_at_once(
        [lambda u=u: _save(council, commitment, user=u)[1] for u in users],
        timeout=30,
        own_connections=True,
    )
    assert sorted(outcomes, key=str) == [False, True], outcomes
    assert ProgressReport.objects.filter(council=council).count() == 1
