"""Forms of the progress area: a clerk's report, the policy team's CSV upload, and the GET
filters of the progress overview and downloads."""

from django import forms
from django.db.models import Min

from commitments.models import CharterVersion
from ui.conflicts import SeenField
from ui.forms import GovukForm, web_address

from ..models import District, ProgressReport, ReportingPeriod
from ..services.progress import progress_report_problems

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class ProgressReportForm(GovukForm):
    seen = SeenField()  # what the clerk saw: a later save by another clerk is refused
    revealed_by = {"not_applicable_reason": ("status", ProgressReport.Status.NOT_APPLICABLE)}

    status = forms.ChoiceField(
        label="How far has the council got?",
        choices=ProgressReport.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how far the council has got"},
    )
    not_applicable_reason = forms.CharField(
        label="Why does this commitment not apply to the council?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"required": "Say why this commitment does not apply to the council"},
    )
    what_we_did = forms.CharField(
        label="What the council did",
        help_text="In plain words, for other councils to learn from: what you did, when, and "
        "what came of it. Needed if the council is in progress or has embedded it.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
    )
    evidence_links = forms.CharField(
        label="Evidence links",
        help_text="Web addresses of a page, published minutes or a report: one a line, at most "
        "10, for example adderbury-pc.gov.uk/minutes.",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        required=False,
    )

    def clean_evidence_links(self) -> list[str]:
        lines = self.cleaned_data["evidence_links"].splitlines()
        return [web_address(line.strip()) for line in lines if line.strip()]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what_we_did"].sometimes_required = True

    def clean(self):
        """Every problem at once, by field (the service checks the same again)."""
        data = super().clean()
        problems = progress_report_problems(
            status=data.get("status", ""),
            what_we_did=data.get("what_we_did", ""),
            evidence_links=data.get("evidence_links", []),
            not_applicable_reason=data.get("not_applicable_reason", ""),
        )
        for name, messages in problems.items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return data


class ProgressUploadForm(GovukForm):
    file = forms.FileField(
        label="CSV file of progress reports",
        help_text="Columns: council (its slug) or gss_code, commitment, period (like 2026/27 Q3), "
        "status, what_we_did, evidence_links (separated by spaces), not_applicable_reason. "
        "The progress download has the same columns.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file must be a CSV file saved as UTF-8 (in Excel: CSV UTF-8)"
            ) from None
        if "\x00" in text:  # the database refuses NUL in text (it was a server error)
            raise forms.ValidationError(
                "The file holds a NUL character, which is not text: save it again as a CSV "
                "file (in Excel: CSV UTF-8)"
            )
        return text


def charter_periods() -> list[ReportingPeriod]:
    """The quarters since the charter was first published, newest first: this quarter back to
    the one holding the first version's publication date (no report can be earlier). Only
    this quarter while no version is published. One query."""
    first = CharterVersion.objects.aggregate(first=Min("published_on"))["first"]
    periods = [ReportingPeriod.current()]
    if first is None:
        return periods
    start = ReportingPeriod.containing(first)
    while periods[-1] > start:
        periods.append(periods[-1].previous())
    return periods


class ProgressPeriodForm(GovukForm):
    """The period the overview shows (GET); this quarter when none is chosen."""

    period = forms.TypedChoiceField(
        label="Reporting period",
        required=False,
        coerce=ReportingPeriod.parse,
        empty_value=None,
        error_messages={
            "invalid_choice": "Choose a reporting period from the list, like 2026/27 Q3"
        },
    )

    def __init__(self, *args, all_periods_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.label, f"{p.label} ({p.months})") for p in charter_periods()]
        if all_periods_label:
            choices.insert(0, ("", all_periods_label))
        self.fields["period"].choices = choices


class ProgressDownloadForm(ProgressPeriodForm):
    """Filters of the downloads: period (all by default), district, commitment."""

    district = forms.ModelChoiceField(
        queryset=District.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All districts",
        error_messages={"invalid_choice": "Choose a district from the list"},
    )
    commitment = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": "Choose a commitment from the list"},
    )

    def __init__(self, *args, commitments=(), **kwargs):
        kwargs.setdefault("auto_id", "download_%s")
        super().__init__(*args, all_periods_label="All periods", **kwargs)
        self.fields["commitment"].choices = [("", "All commitments")] + [
            (c.key, c.title) for c in commitments
        ]

    def filter(self, reports):
        data = self.cleaned_data
        if data["period"]:
            reports = reports.in_period(data["period"])
        if data["district"]:
            reports = reports.filter(council__district=data["district"])
        if data["commitment"]:
            reports = reports.filter(commitment__key=data["commitment"])
        return reports
