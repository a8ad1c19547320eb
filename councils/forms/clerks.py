"""Forms for asking to act for a council and for the decisions about it."""

from django import forms

from ui.conflicts import SeenField
from ui.forms import GovukForm, GovukModelForm

from ..models import Council, CouncilRole


def council_choice_label(name: str, district: str | None) -> str:
    """How a council is named in a picker: with its district, as several councils share a name
    (Bourton, Drayton, Milton, Wootton); the county council has none."""
    return f"{name} ({district})" if district else name


class CouncilChoiceField(forms.ModelChoiceField):
    """A GOV.UK select of councils, named with their district (several share a name)."""

    def __init__(self, *, queryset, required_message, **kwargs):
        super().__init__(
            queryset=queryset,
            label="Council",
            empty_label="Choose a council",
            error_messages={
                "required": required_message,
                "invalid_choice": "Choose a council from the list.",
            },
            **kwargs,
        )

    def label_from_instance(self, council):
        return council_choice_label(council.name, council.district and council.district.name)


class CouncilRoleRequestForm(GovukModelForm):
    """Which council, in what role, and how the policy team can check."""

    council = CouncilChoiceField(
        queryset=Council.objects.none(), required_message="Choose the council you act for."
    )

    class Meta:
        model = CouncilRole
        fields = ["council", "role", "how_to_check"]
        labels = {"role": "Your role", "how_to_check": "How we can check"}
        widgets = {"role": forms.RadioSelect, "how_to_check": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "role": {"required": "Choose your role at the council."},
            "how_to_check": {"required": "Tell us how we can check that you act for the council."},
        }

    def __init__(self, *args, user, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["council"].queryset = councils
        self.fields["role"].choices = CouncilRole.Role.choices
        self.fields["role"].help_text = "A parish meeting is represented by its chair."

    def clean_council(self):
        council = self.cleaned_data["council"]
        if (
            CouncilRole.objects.filter(user=self.user, council=council)
            .filter(status__in=[CouncilRole.Status.PENDING, CouncilRole.Status.CONFIRMED])
            .exists()
        ):
            raise forms.ValidationError(f"You have already asked to act for {council.name}.")
        return council


class CouncilSearchForm(GovukForm):
    """Narrow the list of councils by name (works without JavaScript)."""

    q = forms.CharField(label="Search for your council by name", required=False, max_length=100)


class CouncilRoleDecisionForm(GovukForm):
    seen = SeenField()  # the request as the officer saw it: a decision since is a conflict
    revealed_by = {"reason": ("decision", "reject")}

    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Confirm: this person acts for the council"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to confirm or reject the request."},
    )
    reason = forms.CharField(
        label="Reason for the rejection",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person is sent this reason.",
        error_messages={"required": "Give a reason for the rejection."},
    )


class CouncilRoleRemoveForm(GovukForm):
    reason = forms.CharField(
        label="Why are you removing this person?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, they are no longer the council's clerk. They are sent this reason.",
        error_messages={"required": "Give a reason for removing this person."},
    )
