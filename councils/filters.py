"""The filters of the public signatories directory and its downloads (django-filter).

The form is a GOV.UK form sent with GET, so a filtered view is a shareable address. A value
that is not one of the choices (``?status=banana``) is a form error with a clear message; the
other filters still apply.
"""

import django_filters
from django import forms
from django.db.models import F

from ui.filters import LinkFilterSet, choice_filter, choose, words_filter
from ui.forms import GovukForm

from .models import Council, District, ProgressReport, ReportingPeriod

# The sort choices shown to the user, and the ordering each one means.
SORT_CHOICES = [
    ("name", "Name (A to Z)"),
    ("-name", "Name (Z to A)"),
    ("district", "District"),
    ("status", "Status (signed first)"),
    ("-signed", "Date signed (newest first)"),
    ("signed", "Date signed (oldest first)"),
]
SORT_ORDERING = {
    "name": ("name", "district__name"),
    "-name": ("-name", "district__name"),
    "district": (F("district__name").asc(nulls_first=True), "name"),
    "status": ("status_rank", "name"),
    "-signed": (F("signed_on").desc(nulls_last=True), "name"),
    "signed": (F("signed_on").asc(nulls_last=True), "name"),
}
DEFAULT_SORT = "name"
KIND_CONFIRMED_CHOICES = [("no", "Not yet confirmed"), ("yes", "Confirmed")]
SIGNED_VERSION_CHOICES = [
    ("current", "Signed the current version"),
    ("earlier", "Signed an earlier version"),
]


def _kind_filter(field_name: str = "kind") -> django_filters.ChoiceFilter:
    return choice_filter(
        "a kind of council",
        label="Kind of council",
        field_name=field_name,
        choices=Council.Kind.choices,
        empty_label="All kinds",
    )


def _district_filter(field_name: str = "district") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=District.objects.all(),
        to_field_name="slug",
        empty_label="All districts",
        error_messages=choose("a district"),
    )


def _status_filter(choices) -> django_filters.ChoiceFilter:
    return choice_filter("a status", choices=choices, empty_label="Any status")


class DirectoryFilterForm(GovukForm):
    """GOV.UK classes also on django-filter's own select widgets (the sort is a CSV select);
    every filter is optional, so no field says "(optional)"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "councils/_directory_field.html"
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select govuk-!-width-full"


class DirectoryOrderingFilter(django_filters.OrderingFilter):
    """One sort choice at a time, from SORT_CHOICES, with a stable tie-break."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", SORT_CHOICES)
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        sort = next((v for v in value or [] if v in SORT_ORDERING), DEFAULT_SORT)
        if sort == "status":
            qs = qs.with_status_rank()
        return qs.order_by(*SORT_ORDERING[sort], "pk")


class _PublicFilter(LinkFilterSet):
    """The search box ``q`` (words, read by the queryset's ``search``)."""

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class CouncilFilter(_PublicFilter):
    q = words_filter(
        label="Council name", method="filter_search", help_text="For example, Adderbury"
    )
    district = _district_filter()
    kind = _kind_filter()
    status = _status_filter(Council.Status.choices)
    kind_confirmed = choice_filter(
        "confirmed or not confirmed",
        label="Kind confirmed",
        choices=KIND_CONFIRMED_CHOICES,
        method="filter_kind_confirmed",
        empty_label="Confirmed or not",
    )
    signed_version = choice_filter(
        "the current or an earlier version",
        label="Version signed",
        choices=SIGNED_VERSION_CHOICES,
        method="filter_signed_version",
        empty_label="Any version",
    )
    sort = DirectoryOrderingFilter(label="Sort by", error_messages=choose("a sort order"))

    class Meta:
        model = Council
        fields = []
        form = DirectoryFilterForm

    @property
    def qs(self):
        # The sort filter also sets the default order when no sort (or a bad one) is given.
        if not hasattr(self, "_qs"):
            qs = super().qs
            if "sort" not in self.form.cleaned_data:
                qs = self.filters["sort"].filter(qs, None)
            self._qs = qs
        return self._qs

    def filter_kind_confirmed(self, queryset, name, value):
        return queryset.filter(kind_confirmed=value == "yes")

    def filter_signed_version(self, queryset, name, value):
        """Signatories whose standing signature is of the published version ("current") or of
        one superseded since ("earlier"): read from the stored ``signed_version``, no query of
        its own (the version is joined, as the directory shows it)."""
        status = "published" if value == "current" else "superseded"
        return queryset.signed().filter(signed_version__status=status)


# --- What councils did: the library of progress reports -----------------------------------


def _commitment_choices():
    """The commitments of the current version, by key (the same across versions): one query."""
    from commitments.models import Commitment

    return list(Commitment.objects.current().order_by("order").values_list("key", "title"))


class PeriodField(forms.CharField):
    """A quarter typed as the portal shows it ("2026/27 Q3") or as in addresses
    ("2026-27-q3"); its value is a ``ReportingPeriod``."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return ReportingPeriod.parse(text)
        except ValueError:
            try:
                return ReportingPeriod.from_slug(text)
            except ValueError:
                raise forms.ValidationError("Enter a quarter like 2026/27 Q3") from None


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField

    def filter(self, qs, value):
        return qs if value is None else qs.in_period(value)


class ProgressLibraryFilter(_PublicFilter):
    """The filters of "What councils did": words in what a council did (or in its name), the
    commitment (by key, across charter versions), the status, the kind of council, its
    district and the quarter."""

    q = words_filter(
        label="Words", method="filter_search", help_text="For example, newsletter or Adderbury"
    )
    commitment = choice_filter(
        "a commitment",
        label="Commitment",
        choices=_commitment_choices,
        field_name="commitment__key",
        empty_label="All commitments",
    )
    status = _status_filter(ProgressReport.Status.choices)
    kind = _kind_filter("council__kind")
    district = _district_filter("council__district")
    period = PeriodFilter(label="Quarter", help_text="For example, 2026/27 Q3")

    class Meta:
        model = ProgressReport
        fields = []
        form = DirectoryFilterForm
