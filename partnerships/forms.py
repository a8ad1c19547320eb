"""The policy team's forms for the register. Each form's fields are those its service takes
(``service_values``); rules that need the database (a review dated before the last one) are the
services', and come back to the form as messages next to the field."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from actions.models import ActionItem
from commitments.models import Commitment
from councils.models import Council
from ui.forms import DateInput, GovukForm, GovukModelForm, end_not_before_start

from .models import SCALE, Meeting, Organisation, Partnership, Risk, ScrutinyReview
from .services import MEETING_FIELDS, PARTNERSHIP_FIELDS, RISK_FIELDS, SCRUTINY_FIELDS


def _names(tracked):
    return [name for name, _ in tracked.fields]


class VersionedForm(GovukModelForm):
    """An edit form carries the version it was loaded at (for the conflict check)."""

    tracked = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            self.initial.setdefault("version", self.instance.version)

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in _names(self.tracked)}


def _councils(selected=()):
    """Councils that exist today (town and parish councils too: local partnerships have them
    as members), and any already chosen that have since ended."""
    return Council.objects.filter(Q(ended_on__isnull=True) | Q(pk__in=selected)).order_by("name")


class PartnershipForm(VersionedForm):
    tracked = PARTNERSHIP_FIELDS

    class Meta:
        model = Partnership
        fields = _names(PARTNERSHIP_FIELDS)
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "governance": forms.Textarea(attrs={"rows": 4}),
            "reporting": forms.Textarea(attrs={"rows": 3}),
            "level": forms.RadioSelect,
            "member_councils": forms.CheckboxSelectMultiple,
            "member_organisations": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
            "review_due_on": DateInput,
            "ended_on": DateInput,
        }
        labels = {"level": "Kind of partnership", "is_statutory": "A statutory partnership"}
        help_texts = {"member_councils": "", "member_organisations": "", "commitments": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        p = self.instance if self.instance.pk else None
        members = list(p.member_councils.values_list("pk", flat=True)) if p else []
        lead = [p.lead_council_id] if p and p.lead_council_id else []
        self.fields["member_councils"].queryset = _councils(members)
        self.fields["lead_council"].queryset = _councils(lead)
        self.fields["lead_council"].empty_label = "None: another body leads"
        self.fields["lead_organisation"].empty_label = "None: a council leads"
        self.fields["member_organisations"].queryset = Organisation.objects.order_by("name")
        current = Q(version__status="published")
        mine = Q(pk__in=p.commitments.all()) if p else Q(pk__in=[])
        self.fields["commitments"].queryset = (
            Commitment.objects.filter(current | mine)
            .select_related("version")
            .order_by("-version__number", "order")
        )
        parents = Partnership.objects.order_by("name")
        if p:
            parents = parents.exclude(pk=p.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "None"

    def clean(self):
        data = super().clean()
        if data.get("lead_council") and data.get("lead_organisation"):
            self.add_error(
                "lead_organisation", "Choose a lead council or a lead organisation, not both"
            )
        return data


def _confirmed_field(label: str) -> forms.TypedChoiceField:
    """A part of a partnership a review confirms without change (True) or changed (False)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Confirmed without change"), ("no", "Changed")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class ReviewForm(GovukForm):
    reviewed_on = forms.DateField(
        label="Date of the review", widget=DateInput, initial=timezone.localdate
    )
    purpose_confirmed = _confirmed_field("Purpose")
    membership_confirmed = _confirmed_field("Membership")
    governance_confirmed = _confirmed_field("Governance")
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What changed, and anything the next review should look at.",
    )
    next_due_on = forms.DateField(label="Next review due", widget=DateInput)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["next_due_on"].initial = timezone.localdate() + datetime.timedelta(days=365)

    def clean(self):
        data = super().clean()
        reviewed, due = data.get("reviewed_on"), data.get("next_due_on")
        last = self.partnership.last_reviewed_on
        if reviewed and last and reviewed < last:
            self.add_error(
                "reviewed_on",
                f"The review date cannot be before the last review, on {last:%-d %B %Y}",
            )
        if reviewed and reviewed > timezone.localdate():
            self.add_error("reviewed_on", "The date of the review cannot be in the future")
        if reviewed and due and due <= reviewed:
            self.add_error("next_due_on", "The next review must be due after this review")
        return data


class RiskForm(VersionedForm):
    tracked = RISK_FIELDS

    likelihood = forms.TypedChoiceField(
        label="Likelihood", choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a likelihood from 1 to 5"},
    )  # fmt: skip
    impact = forms.TypedChoiceField(
        label="Impact", choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose an impact from 1 to 5"},
    )  # fmt: skip

    class Meta:
        model = Risk
        fields = _names(RISK_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 4}),
            "mitigating_actions": forms.CheckboxSelectMultiple,
            "review_on": DateInput,
            "closed_on": DateInput,
        }
        labels = {"title": "Risk", "is_public": "Show this risk on the public partnership page"}
        help_texts = {"mitigating_actions": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mitigating_actions"].queryset = ActionItem.objects.order_by("position", "pk")


class MeetingForm(VersionedForm):
    """A meeting's date and times (GOV.UK has no date-and-time input: a date, then times)."""

    tracked = MEETING_FIELDS

    date = forms.DateField(label="Date", widget=DateInput)
    start_time = forms.TimeField(
        label="Start time",
        help_text="24-hour clock, for example 10:00 or 14:30",
        error_messages={"invalid": "Enter a start time like 10:00 or 14:30"},
    )
    end_time = forms.TimeField(
        label="End time", error_messages={"invalid": "Enter an end time like 12:00 or 16:30"}
    )

    class Meta:
        model = Meeting
        fields = [n for n in _names(MEETING_FIELDS) if n not in ("starts_at", "ends_at")]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "councils_attending": forms.CheckboxSelectMultiple,
            "organisations_attending": forms.CheckboxSelectMultiple,
            "actions_arising": forms.CheckboxSelectMultiple,
        }
        labels = {"title": "Title (optional)", "is_cancelled": "The meeting is cancelled"}
        help_texts = {
            "councils_attending": "",
            "organisations_attending": "",
            "actions_arising": "Actions of the action plan the meeting agreed or followed up.",
        }

    field_order = ["series", "title", "date", "start_time", "end_time"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        m = self.instance if self.instance.pk else None
        chosen = list(m.councils_attending.values_list("pk", flat=True)) if m else []
        self.fields["councils_attending"].queryset = _councils(chosen)
        self.fields["organisations_attending"].queryset = Organisation.objects.order_by("name")
        self.fields["actions_arising"].queryset = ActionItem.objects.order_by("position", "pk")
        if m:
            start, end = timezone.localtime(m.starts_at), timezone.localtime(m.ends_at)
            self.initial.update(date=start.date(), start_time=start.time(), end_time=end.time())

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.datetime.combine(day, start, tzinfo=zone)
            data["ends_at"] = datetime.datetime.combine(day, end, tzinfo=zone)
            if end <= start:
                self.add_error("end_time", "The meeting must end after it starts")
        return data


class PaperForm(GovukForm):
    title = forms.CharField(label="Title of the paper", max_length=200)
    url = forms.URLField(label="Link to the paper", required=False, max_length=500)
    file = forms.FileField(label="Or upload the paper", required=False)

    def clean(self):
        data = super().clean()
        if "url" in data and "file" in data and bool(data.get("url")) == bool(data.get("file")):
            self.add_error("url", "Give a link or upload a file, one or the other")
        return data


class ScrutinyReviewForm(VersionedForm):
    tracked = SCRUTINY_FIELDS

    class Meta:
        model = ScrutinyReview
        fields = _names(SCRUTINY_FIELDS)
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 5}),
            "partnerships": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
            "starts_on": DateInput,
            "ends_on": DateInput,
        }
        labels = {"programme_year": "Programme year", "report_url": "Link to the report"}
        help_texts = {"partnerships": "", "commitments": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = Partnership.objects.order_by("name")
        self.fields["commitments"].queryset = (
            Commitment.objects.current().select_related("version").order_by("order")
        )

    def clean(self):
        data = super().clean()
        end_not_before_start(self, "starts_on", "ends_on", "The review cannot end before it starts")
        return data


class ReportNoteForm(GovukForm):
    date = forms.DateField(
        label="Date of the correction", widget=DateInput, initial=timezone.localdate
    )
    text = forms.CharField(
        label="Correction",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was wrong in the report and what is right. The report itself does not "
        "change: the correction is shown with it, dated.",
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return day


class OrganisationForm(GovukModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "website"]
        widgets = {"sector": forms.RadioSelect}
        labels = {"name": "Name of the body"}
