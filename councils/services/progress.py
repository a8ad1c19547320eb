"""Progress reports: what a council did under each commitment, quarter by quarter.

- ``progress_report_save``: a clerk reports (or corrects) this quarter's report on a commitment;
- ``progress_reports_import``: the policy team uploads many reports at once from a CSV file;
- ``progress_reminders_send``: the policy team reminds signatories that have not reported.

A council reports once per commitment per period (a database constraint). A quarter stays open
for reports until its ``report_by`` date (the end of the following quarter by default), and the
report may be corrected until then; a first report after it is allowed and marked late, and
reports of closed quarters stay as they were. Every change is kept by simple_history with who
made it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.models import Commitment
from ui.cache import PROGRESS, pages_changed
from ui.conflicts import conflict_check, record_values
from ui.csv_files import CsvFileError, csv_records
from ui.forms import web_address
from ui.services import FileImportError

from ..models import Council, CouncilCode, ProgressReport, ReportingPeriod
from ..progress_tasks import progress_reminder_send
from ..schemas import PROGRESS_REPORT

MAX_EVIDENCE_LINKS = 10
MAX_LINK_LENGTH = 500
# Statuses that need a word on what the council did.
NEEDS_WHAT_WE_DID = (ProgressReport.Status.IN_PROGRESS, ProgressReport.Status.EMBEDDED)

# The upload's columns are the progress download's (``councils.schemas.PROGRESS_REPORT``'s
# ``UPLOAD`` columns); a report's council is named by either of these.
IMPORT_COUNCIL_COLUMNS = ["council", "gss_code"]


class ProgressImportError(FileImportError):
    """A progress file that cannot be imported as it stands (``FileImportError``)."""


@dataclass
class ProgressImportResult:
    created: list[ProgressReport] = field(default_factory=list)
    updated: list[ProgressReport] = field(default_factory=list)
    unchanged: list[ProgressReport] = field(default_factory=list)  # the same as stored: untouched

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def progress_report_problems(
    *, status: str, what_we_did: str, evidence_links: list[str], not_applicable_reason: str
) -> dict[str, list[str]]:
    """What is wrong with a report's content, by field (empty when nothing is)."""
    problems: dict[str, list[str]] = {}

    def add(name, message):
        problems.setdefault(name, []).append(message)

    if status not in ProgressReport.Status.values:
        add(
            "status",
            "Choose how far the council has got: not started, planned, in progress, "
            "embedded or not applicable",
        )
    if status == ProgressReport.Status.NOT_APPLICABLE and not not_applicable_reason.strip():
        add("not_applicable_reason", "Say why this commitment does not apply to the council")
    if status in NEEDS_WHAT_WE_DID and not what_we_did.strip():
        add("what_we_did", "Say what the council did")
    if len(what_we_did) > 5000:
        add("what_we_did", "What the council did must be 5,000 characters or fewer")
    if len(not_applicable_reason) > 2000:
        add("not_applicable_reason", "The reason must be 2,000 characters or fewer")
    if len(evidence_links) > MAX_EVIDENCE_LINKS:
        add("evidence_links", f"Give at most {MAX_EVIDENCE_LINKS} evidence links")
    is_url = URLValidator(schemes=["http", "https"])
    for link in evidence_links:
        try:
            if len(link) > MAX_LINK_LENGTH:
                raise ValidationError("too long")
            is_url(link)
        except ValidationError:
            add(
                "evidence_links",
                f"“{link[:80]}” is not a web address: evidence links start with https:// "
                "or http://",
            )
    return problems


def progress_report_refusal(
    *, council: Council, commitment: Commitment, period: ReportingPeriod
) -> str | None:
    """Why this council may not report on this commitment for this period, or None: it has
    not signed, the commitment is not of the version it signed, the period has not started, or
    the period is closed (past ``report_by``) and already has its report. A first report after
    ``report_by`` is allowed (and marked late by ``progress_report_save``)."""
    current = ReportingPeriod.current()
    if council.status != Council.Status.SIGNED or council.signed_version_id is None:
        return f"{council.name} has not signed the charter: sign it before you report progress."
    if commitment.version_id != council.signed_version_id:
        return (
            f"“{commitment.title}” is not a commitment of the charter version "
            f"{council.name} signed."
        )
    if period > current:
        return f"{period} has not started yet: you can report for this quarter, {current}."
    if (
        timezone.localdate() > period.report_by
        and ProgressReport.objects.in_period(period)
        .filter(council=council, commitment__key=commitment.key)
        .exists()
    ):
        return (
            f"Reports for {period} closed on {period.report_by:%-d %B %Y}: its reports stay as "
            "they were. You can report for the quarters still open."
        )
    return None


def _clean_links(links: list[str]) -> list[str]:
    """Stripped, without blanks or repeats, in the order given."""
    return list(dict.fromkeys(link.strip() for link in links if link.strip()))


# The fields of the report form: what ``progress_report_save``'s ``seen`` compares.
REPORT_FIELDS = ["status", "what_we_did", "evidence_links", "not_applicable_reason"]


def progress_report_values(report: ProgressReport | None) -> dict | None:
    """The report's raw values as the form shows them (None: no report this period yet)."""
    return None if report is None else record_values(report, REPORT_FIELDS)


def _conflict_check(report: ProgressReport | None, *, seen, values) -> None:
    typed = {name: values[name] for name in REPORT_FIELDS}
    conflict_check(
        seen=seen,
        current=progress_report_values(report),
        typed=typed,
        changed_by=report.reported_by if report else None,
        changed_at=report.updated_at if report else None,
    )


def _existing(*, council, commitment, period) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_for_update()
        .in_period(period)
        .filter(council=council, commitment=commitment)
        .first()
    )


def _report_write(report: ProgressReport) -> None:
    """Save ``report`` and mark the latest of its council's reports on its commitment (by key,
    across charter versions) ``is_latest``, in the caller's transaction."""
    report.save()
    ProgressReport.objects.latest_marker_refresh(
        council_id=report.council_id, commitment_id=report.commitment_id
    )
    report.__dict__.pop("is_latest", None)  # deferred: read from the database if asked


@transaction.atomic
def progress_report_save(
    *,
    council: Council,
    commitment: Commitment,
    period: ReportingPeriod,
    status: str,
    what_we_did: str,
    evidence_links: list[str],
    not_applicable_reason: str,
    user,
    seen: dict | None = None,
) -> tuple[ProgressReport, bool]:
    """Record the council's report on a commitment for ``period`` (this quarter), or correct
    the one it made earlier in the same quarter. Returns the report and whether it is new.

    Raises ValidationError (by field; refusals under ``__all__``). ``seen``: the
    ``progress_report_values`` the clerk saw when the form opened (``{}``: no report yet); if
    another clerk has saved the report since with something else, raises
    ``ui.conflicts.EditConflict`` and saves nothing. Without ``seen`` (the CSV upload), two
    submissions at once give one report: the second corrects the first.
    """
    pages_changed(PROGRESS)  # its pages are stale once this commits
    links = _clean_links(evidence_links)
    what_we_did, not_applicable_reason = what_we_did.strip(), not_applicable_reason.strip()
    refusal = progress_report_refusal(council=council, commitment=commitment, period=period)
    if refusal:
        raise ValidationError({NON_FIELD_ERRORS: [refusal]})
    problems = progress_report_problems(
        status=status,
        what_we_did=what_we_did,
        evidence_links=links,
        not_applicable_reason=not_applicable_reason,
    )
    if problems:
        raise ValidationError(problems)

    values = {
        "status": status,
        "what_we_did": what_we_did,
        "evidence_links": links,
        "not_applicable_reason": (
            not_applicable_reason if status == ProgressReport.Status.NOT_APPLICABLE else ""
        ),
        "reported_by": user,
    }
    report = _existing(council=council, commitment=commitment, period=period)
    _conflict_check(report, seen=seen, values=values)
    late = timezone.localdate() > period.report_by
    if report is None:
        report = ProgressReport(
            council=council,
            commitment=commitment,
            period_year=period.year,
            period_quarter=period.quarter,
            late=late,
            **values,
        )
        report._history_user = user
        try:
            with transaction.atomic():
                _report_write(report)
            return report, True
        except IntegrityError:
            # Another request created it in the meantime: correct that one instead.
            report = _existing(council=council, commitment=commitment, period=period)
            if report is None:
                raise
            _conflict_check(report, seen=seen, values=values)
    for name, value in values.items():
        setattr(report, name, value)
    report._history_user = user
    report._change_reason = "Corrected within the period"
    _report_write(report)
    return report, False


def progress_report_previous(
    *, council: Council, commitment: Commitment, period: ReportingPeriod
) -> ProgressReport | None:
    """The council's latest report on the commitment (by its key, across charter versions)
    before ``period``, or None."""
    return (
        council.progress_reports.filter(commitment__key=commitment.key)
        .up_to(period.previous())
        .latest_first()
        .first()
    )


@transaction.atomic
def progress_report_no_change(
    *, council: Council, commitment: Commitment, period: ReportingPeriod, user
) -> ProgressReport:
    """ "No change since last quarter": copy the council's latest earlier report on the
    commitment into ``period`` (status, what it did, evidence, reason), as a report of its own
    by ``user``. Raises ValidationError when there is no earlier report, when ``period`` has a
    report already (correct it instead), or for the refusals of ``progress_report_save``."""
    previous = progress_report_previous(council=council, commitment=commitment, period=period)
    if previous is None:
        raise ValidationError(
            f"{council.name} has not reported on “{commitment.title}” before: report it instead."
        )
    if _existing(council=council, commitment=commitment, period=period) is not None:
        raise ValidationError(
            f"{council.name} has already reported on “{commitment.title}” for {period}: "
            "correct that report instead."
        )
    report, _ = progress_report_save(
        council=council,
        commitment=commitment,
        period=period,
        status=previous.status,
        what_we_did=previous.what_we_did,
        evidence_links=list(previous.evidence_links),
        not_applicable_reason=previous.not_applicable_reason,
        user=user,
    )
    return report


# --- CSV upload by the policy team ---------------------------------------------------------


def _status_from(text: str) -> str | None:
    """A status from its value or its label, any case: "in-progress", "In progress"."""
    wanted = text.strip().lower().replace("_", " ").replace("-", " ")
    for value, label in ProgressReport.Status.choices:
        if wanted in (value.replace("-", " "), label.lower()):
            return value
    return None


@dataclass
class _ImportRow:
    line: int
    council: Council
    commitment: Commitment
    period: ReportingPeriod
    values: dict


def _parse_import(text: str) -> tuple[list[_ImportRow], list[str]]:
    try:
        columns, records = csv_records(text)
    except CsvFileError as e:
        return [], [str(e)]
    missing = PROGRESS_REPORT.missing_columns(columns)
    if not any(c in columns for c in IMPORT_COUNCIL_COLUMNS):
        missing.append("council or gss_code")
    if missing:
        return [], [f"line 1: missing column(s): {', '.join(missing)}"]

    councils = {c.slug: c for c in Council.objects.all()}
    by_code = {code.code: code.council for code in CouncilCode.objects.select_related("council")}
    commitments = {(c.version_id, c.key): c for c in Commitment.objects.select_related("version")}
    rows: list[_ImportRow] = []
    errors: list[str] = []
    seen: dict[tuple, int] = {}
    for line, raw in enumerate(records, start=2):
        if None in raw:
            errors.append(f"line {line}: more values than columns")
            continue
        raw = {k: (v or "").strip() for k, v in raw.items()}
        if not any(raw.values()):
            continue  # a blank line
        row_errors: list[str] = []
        slug, code = raw.get("council", ""), raw.get("gss_code", "").split(";")[0].strip()
        council = councils.get(slug) if slug else by_code.get(code.upper())
        if council is None:
            name, value = ("council", slug) if slug else ("gss_code", code)
            row_errors.append(
                f"line {line}, {name}: “{value}” is not a council in the register"
                if value
                else f"line {line}, council: give the council's slug or its GSS code"
            )
        try:
            period = ReportingPeriod.parse(raw["period"])
        except ValueError as error:
            period = None
            row_errors.append(f"line {line}, period: {error}")
        status = _status_from(raw["status"])
        if status is None:
            row_errors.append(
                f"line {line}, status: “{raw['status']}” is not one of not started, planned, "
                "in progress, embedded, not applicable"
            )
        commitment = None
        if council is not None:
            commitment = commitments.get((council.signed_version_id, raw["commitment"]))
            if council.status != Council.Status.SIGNED or council.signed_version_id is None:
                row_errors.append(
                    f"line {line}, council: {council.name} has not signed the charter"
                )
            elif commitment is None:
                row_errors.append(
                    f"line {line}, commitment: “{raw['commitment']}” is not a commitment of the "
                    f"charter version {council.name} signed"
                )
        if council is not None and commitment is not None and period is not None:
            refusal = progress_report_refusal(council=council, commitment=commitment, period=period)
            if refusal:
                row_errors.append(f"line {line}: {refusal}")
            key = (council.pk, commitment.pk, period)
            if key in seen:
                row_errors.append(
                    f"line {line}: the same council, commitment and period as line {seen[key]}"
                )
            seen.setdefault(key, line)
        values = {
            "status": status or "",
            "what_we_did": raw.get("what_we_did", ""),
            # Read as every form reads a web address: "adderburypc.co.uk/news" is https.
            "evidence_links": _clean_links(
                [web_address(link) for link in raw.get("evidence_links", "").split()]
            ),
            "not_applicable_reason": raw.get("not_applicable_reason", ""),
        }
        if status is not None:
            for name, messages in progress_report_problems(**values).items():
                row_errors += [f"line {line}, {name}: {message}" for message in messages]
        if row_errors:
            errors += row_errors
            continue
        rows.append(_ImportRow(line, council, commitment, period, values))
    if not rows and not errors:
        errors.append("The file has no reports in it.")
    return rows, errors


@transaction.atomic
def progress_reports_import(*, text: str, user) -> ProgressImportResult:
    """Record the reports in a CSV file, checked row by row, all or nothing.

    Columns: ``council`` (its slug) or ``gss_code``; ``commitment`` (its key); ``period``
    ("2026/27 Q3"); ``status``; optional ``what_we_did``, ``evidence_links`` (separated by
    spaces) and ``not_applicable_reason``. The progress download has the same columns.
    Raises ProgressImportError listing every problem by line and field; nothing is saved then.
    """
    rows, errors = _parse_import(text)
    if errors:
        raise ProgressImportError(errors)
    result = ProgressImportResult()
    for row in rows:
        # A row the same as the stored report (a download uploaded back) changes nothing: not
        # its "last updated", not its history.
        stored = _existing(council=row.council, commitment=row.commitment, period=row.period)
        if stored is not None and all(
            getattr(stored, name) == value for name, value in row.values.items()
        ):
            result.unchanged.append(stored)
            continue
        try:
            report, created = progress_report_save(
                council=row.council,
                commitment=row.commitment,
                period=row.period,
                user=user,
                **row.values,
            )
        except ValidationError as error:
            errors += [f"line {row.line}: {message}" for message in error.messages]
            continue
        (result.created if created else result.updated).append(report)
    if errors:
        raise ProgressImportError(errors)
    return result


# --- Reminders --------------------------------------------------------------------------------


# A council's clerks get at most one progress reminder a day, however often the policy team
# asks. Kept in the security store (Django's default cache, which page traffic never touches),
# as a rate limit: ``cache.add`` claims the day for a council atomically across processes.
REMINDER_EVERY = datetime.timedelta(days=1)
REMINDER_KEY = "portal:progress-reminder:{council_id}"


@transaction.atomic
def progress_reminders_send(*, period: ReportingPeriod, user) -> int:
    """Queue a reminder to every signatory that has not reported on all its commitments for
    ``period`` and was not reminded in the last ``REMINDER_EVERY``; the emails go by a
    background task once the transaction commits. Returns how many councils will be
    reminded."""
    council_ids = [
        council_id
        for council_id in ProgressReport.objects.signatories_not_reported(period).values_list(
            "pk", flat=True
        )
        if cache.add(REMINDER_KEY.format(council_id=council_id), 1, REMINDER_EVERY.total_seconds())
    ]
    for council_id in council_ids:
        transaction.on_commit(
            lambda council_id=council_id: progress_reminder_send.enqueue(
                council_id=council_id, period=period.label, sent_by_id=user.pk
            )
        )
    return len(council_ids)
