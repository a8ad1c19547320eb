from django import forms
from django.db.models import Q
from django.utils import timezone

from commitments.models import CharterVersion, Commitment, StrategicAim
from councils.forms.clerks import council_choice_label
from councils.models import Council
from ui.forms import DateField, GovukForm, GovukModelForm

from .history import EDITABLE_FIELDS
from .models import CLOSED_STATUSES, OPEN_STATUSES, ActionItem, Status

PUBLISHED = CharterVersion.Status.PUBLISHED


def _with_version(obj) -> str:
    label = str(obj)
    if obj.version.status != PUBLISHED:
        label += f" (charter version {obj.version.number})"
    return label


class ActionItemForm(GovukModelForm):
    """The fields the policy team edits. Commitments and aims come from the published charter,
    plus any of an older version the item already serves (so an edit never drops them)."""

    class Meta:
        model = ActionItem
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "commitments": forms.CheckboxSelectMultiple,
            "aims": forms.CheckboxSelectMultiple,
        }
        field_classes = {"start_date": DateField, "due_date": DateField}
        error_messages = {
            "title": {"required": "Enter a title for the action"},
            "start_date": {"required": "Enter the date the action starts"},
            "due_date": {"required": "Enter the date the action is due"},
        }
        labels = {
            "lead_council": "Lead council",
            "is_public": "Show this action on the public action plan",
        }
        help_texts = {
            "lead_council": "Choose a council, or name a partner below: one or the other is "
            "needed.",
            "commitments": "",
            "aims": "",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance if self.instance.pk else None
        current = Q(version__status=PUBLISHED)
        for name, model in (("commitments", Commitment), ("aims", StrategicAim)):
            mine = Q(pk__in=getattr(item, name).all()) if item else Q(pk__in=[])
            field = self.fields[name]
            field.queryset = (
                model.objects.filter(current | mine)
                .select_related("version")
                .order_by("-version__number", "order" if model is Commitment else "number")
            )
            field.label_from_instance = _with_version
        councils = Q(ended_on__isnull=True)
        if item and item.lead_council_id:
            councils |= Q(pk=item.lead_council_id)
        self.fields["lead_council"].queryset = (
            Council.objects.filter(councils).select_related("district").order_by("name")
        )
        self.fields["lead_council"].label_from_instance = lambda council: council_choice_label(
            council.name, council.district and council.district.name
        )
        self.fields["lead_council"].empty_label = "No council: a partner leads"
        # One of the two is needed, so neither is labelled optional.
        self.fields["lead_council"].sometimes_required = True
        self.fields["lead_partner"].sometimes_required = True

    def clean(self):
        data = super().clean()
        council, partner = data.get("lead_council"), data.get("lead_partner", "")
        if "lead_council" in data and "lead_partner" in data and bool(council) == bool(partner):
            message = (
                "Choose a lead council or name a lead partner, not both"
                if council
                else "Choose a lead council or name a lead partner"
            )
            self.add_error("lead_council", message)
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be the same as or after the start date")
        return data

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class ActionItemCreateForm(ActionItemForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in OPEN_STATUSES],
        initial=Status.NOT_STARTED,
    )

    def service_values(self) -> dict:
        return {**super().service_values(), "status": self.cleaned_data["status"]}


class ActionItemEditForm(ActionItemForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError("The date cannot be in the future")
    return day


class ActionUpdateForm(GovukForm):
    date = DateField(label="Date of the update", initial=timezone.localdate)
    text = forms.CharField(
        label="What has happened", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        help_text="To mark the action complete or cancelled, close it instead.",
    )

    def __init__(self, *args, item: ActionItem, **kwargs):
        super().__init__(*args, **kwargs)
        current = item.get_status_display()
        self.fields["status"].choices = [("", f"No change ({current})")] + [
            (s.value, s.label) for s in OPEN_STATUSES if s != item.status
        ]

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class ActionItemCloseForm(GovukForm):
    outcome = forms.ChoiceField(
        label="How did the action end?",
        choices=[(s.value, s.label) for s in CLOSED_STATUSES],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Closing note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was achieved, or why the action was cancelled. It appears on the "
        "action's timeline.",
    )
    date = DateField(label="Date closed", initial=timezone.localdate)

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])


class ActionItemMoveForm(GovukForm):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
