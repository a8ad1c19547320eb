"""The policy team's form to invite councils to sign, or remind them."""

from django import forms

from ui.forms import GovukForm

from ..models import Council, District
from .progress import ProgressUploadForm


class InvitationForm(GovukForm):
    NOT_INVITED, DISTRICT, KIND, REMINDER = "not-invited", "district", "kind", "reminder"
    revealed_by = {"district": ("who", DISTRICT), "kind": ("who", KIND)}

    who = forms.ChoiceField(
        label="Who to invite",
        choices=[
            (NOT_INVITED, "Every council not yet invited"),
            (DISTRICT, "Councils in one district that have not signed"),
            (KIND, "Councils of one kind that have not signed"),
            (REMINDER, "A reminder to every council invited that has not signed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who to invite."},
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.all(),
        required=False,
        empty_label="Choose a district",
        error_messages={
            "required": "Choose the district to invite.",
            "invalid_choice": "Choose a district from the list.",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of council",
        choices=[("", "Choose a kind of council"), *Council.Kind.choices],
        required=False,
        error_messages={
            "required": "Choose the kind of council to invite.",
            "invalid_choice": "Choose a kind of council from the list.",
        },
    )


class ContactsUploadForm(ProgressUploadForm):
    """A CSV file of councils' contact addresses (read as text, UTF-8, at most 2 MB)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "CSV file of contact addresses"
        self.fields["file"].help_text = (
            "Columns: gss_code (or slug, the council's name in its address on this portal) and "
            "contact_email."
        )
