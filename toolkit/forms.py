"""The policy team's forms for the toolkit, and the public search of the county services.

Each form's fields are those its service takes; an attachment is checked here (so that the
message is next to the field) and again by the service."""

import django_filters
from django import forms
from django.db.models import Q
from django.template.defaultfilters import filesizeformat

from commitments.models import Commitment, Principle
from ui.conflicts import SeenField
from ui.filters import choice_filter
from ui.forms import GovukForm, GovukModelForm, WebAddressField
from ui.uploads import ALLOWED_NAMES, max_bytes, validate_upload

from .models import COUNCIL_KINDS, CountyService, Resource
from .services import RESOURCE_FIELDS, SERVICE_FIELDS


class SectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.version.status == "published":
            return obj.title
        return f"{obj.title} (version {obj.version.number})"


def _sections(model, chosen):
    """The principles or commitments of the current version, and any already chosen from an
    earlier one."""
    return (
        model.objects.filter(Q(version__status="published") | Q(pk__in=chosen))
        .select_related("version")
        .order_by("-version__number", "order")
    )


class ResourceForm(GovukModelForm):
    seen = SeenField()  # what the officer saw: a later save by another officer is refused
    url = WebAddressField(
        label="Web address",
        required=False,
        max_length=500,
        help_text="For a link: where it goes. For other kinds, optional.",
    )
    council_kinds = forms.MultipleChoiceField(
        label="Kinds of council it suits",
        choices=COUNCIL_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked if it suits every kind of council.",
    )
    principles = SectionChoiceField(
        label="Principles it serves",
        queryset=Principle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commitments = SectionChoiceField(
        label="Commitments it serves",
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(
        label="Attachment",
        required=False,
        help_text=f"Optional. A {ALLOWED_NAMES} file, smaller than {filesizeformat(max_bytes())}.",
    )
    remove_attachment = forms.BooleanField(label="Remove the attachment", required=False)

    class Meta:
        model = Resource
        fields = RESOURCE_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 15}),
        }
        labels = {"kind": "Kind of resource", "body": "Text", "status": "Status"}
        help_texts = {
            "status": "A draft is seen by the policy team only.",
        }
        error_messages = {"title": {"required": "Enter the title of the resource"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        r = self.instance if self.instance.pk else None
        self.fields["principles"].queryset = _sections(
            Principle, list(r.principles.values_list("pk", flat=True)) if r else []
        )
        self.fields["commitments"].queryset = _sections(
            Commitment, list(r.commitments.values_list("pk", flat=True)) if r else []
        )
        self.fields["status"].choices = Resource.Status.choices
        if not (r and r.attachment):
            del self.fields["remove_attachment"]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == Resource.Kind.LINK and not data.get("url") and "url" in data:
            self.add_error("url", "Enter the web address the link goes to")
        return data

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RESOURCE_FIELDS}


class CountyServiceForm(GovukModelForm):
    seen = SeenField()
    website = WebAddressField(label="Website", required=False, max_length=500)

    class Meta:
        model = CountyService
        fields = SERVICE_FIELDS
        widgets = {"what_it_does": forms.Textarea(attrs={"rows": 5})}
        labels = {"name": "Service", "email": "Email address", "phone": "Phone number"}
        error_messages = {
            "name": {"required": "Enter the name of the service"},
            "what_it_does": {"required": "Enter what the service does for councils"},
        }

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}


class ToolkitFilterForm(GovukForm):
    pass


class ResourceFilter(django_filters.FilterSet):
    """The toolkit's filters (GET, so a filtered list can be shared as a link)."""

    q = django_filters.CharFilter(label="Search the toolkit", method="filter_q", max_length=200)
    kind = choice_filter(
        "a kind of resource",
        label="Kind of resource",
        choices=Resource.Kind.choices,
        empty_label="Any kind",
    )
    council_kind = choice_filter(
        "a kind of council",
        label="Suits",
        choices=COUNCIL_KINDS,
        empty_label="Any council",
        method="filter_council_kind",
    )

    class Meta:
        form = ToolkitFilterForm
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_council_kind(self, queryset, name, value):
        return queryset.suiting(value)


class CountyServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search the county services", method="filter_q", max_length=200
    )

    class Meta:
        form = ToolkitFilterForm
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset
