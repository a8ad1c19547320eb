"""The policy team's correction of a council's entry in the register."""

from django import forms

from ui.conflicts import SeenField
from ui.forms import DateField, GovukModelForm, WebAddressField

from ..models import Council
from ..services.register import CORRECTABLE_FIELDS
from .clerks import council_choice_label

LABELS = {
    "name": "Name",
    "kind": "Kind of council",
    "kind_confirmed": "The kind of council is confirmed",
    "district": "District",
    "website": "Website",
    "contact_email": "Public contact email",
    "started_on": "Date the council started",
    "ended_on": "Date the council ended",
    "replaced_by": "Replaced by",
}
# How a corrected field is named on the council's page.
SHORT_LABELS = {**LABELS, "kind": "kind", "kind_confirmed": "kind confirmed"}


def correction_labels(fields: list[str]) -> list[str]:
    """The names of the corrected fields, as the council's page shows them."""
    order = {name: i for i, name in enumerate(CORRECTABLE_FIELDS)}
    return [
        SHORT_LABELS.get(name, name.replace("_", " ")).lower()
        for name in sorted(fields, key=lambda name: order.get(name, len(order)))
    ]


class ReplacedByField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return council_choice_label(obj.name, obj.district and obj.district.name)


class CouncilCorrectionForm(GovukModelForm):
    seen = SeenField()  # what the officer saw: a later save by another officer is refused

    class Meta:
        model = Council
        fields = CORRECTABLE_FIELDS
        labels = LABELS
        help_texts = {
            "kind_confirmed": "Leave unticked while the register has not confirmed a parish "
            "council rather than a parish meeting.",
            "district": "Every council but the county belongs to a district.",
            "website": "For example, www.adderbury-pc.gov.uk",
            "contact_email": "The council's public address, not a clerk's personal one.",
            "ended_on": "Only for a council that no longer exists, after a merger or a "
            "reorganisation; needed if another council replaced it.",
            "replaced_by": "The council that took over from this one, if any.",
        }
        error_messages = {
            "name": {"required": "Enter the council's name"},
            "kind": {"required": "Choose the kind of council"},
            "contact_email": {"invalid": "Enter an email address, for example clerk@example.org"},
            "started_on": {"invalid": "Enter the start date as a real date"},
            "ended_on": {"invalid": "Enter the end date as a real date"},
            "district": {"invalid_choice": "Choose a district from the list"},
            "replaced_by": {"invalid_choice": "Choose a council from the list"},
        }
        widgets = {"kind": forms.RadioSelect}
        field_classes = {
            "replaced_by": ReplacedByField,
            "started_on": DateField,
            "ended_on": DateField,
            "website": WebAddressField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Council.Kind.choices
        self.fields["district"].empty_label = "None (the county council)"
        self.fields["district"].sometimes_required = True
        self.fields["ended_on"].sometimes_required = True
        replaced_by = self.fields["replaced_by"]
        replaced_by.empty_label = "Not replaced"
        replaced_by.queryset = (
            Council.objects.exclude(pk=self.instance.pk)
            .select_related("district")
            .order_by("name", "district__name")
        )

    def clean(self):
        data = super().clean()
        kind, district = data.get("kind"), data.get("district")
        if kind and kind != Council.Kind.COUNTY and not district and "district" not in self.errors:
            self.add_error("district", "Choose the district this council belongs to")
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end date must be the same as or after the start date")
        if data.get("replaced_by") and not ended and "ended_on" not in self.errors:
            self.add_error("ended_on", "Enter the date the council ended, as another replaced it")
        return data
