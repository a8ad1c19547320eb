"""Forms for signing the charter for a council, withdrawing, and recording paper signatures."""

from django import forms

from ui.forms import DateField, GovukForm, GovukModelForm, WebAddressField

from ..models import Council, Signature
from ..services.signing import resolution_date_errors
from .clerks import CouncilChoiceField

SIGNATURE_FIELDS = [
    "resolution_date",
    "minute_reference",
    "minutes_url",
    "authorised_by_name",
    "authorised_by_role",
]


class SignatureForm(GovukModelForm):
    """The council's resolution to sign ``version``."""

    minutes_url = WebAddressField(
        label="Link to the published minutes",
        required=False,
        max_length=500,
        help_text="If the minutes are online: for example, adderbury-pc.gov.uk/minutes.",
    )

    class Meta:
        model = Signature
        fields = SIGNATURE_FIELDS
        field_classes = {"resolution_date": DateField}
        help_texts = {
            "resolution_date": "The date of the meeting that resolved to sign.",
            "minute_reference": "For example, Minute 45/26.",
            "authorised_by_name": "Usually the chair of the council.",
            "authorised_by_role": "For example, Chair of the council.",
        }
        error_messages = {
            "resolution_date": {
                "required": "Enter the date of the council's resolution.",
                "invalid": "Enter a real date, for example 27 3 2026.",
            },
            "minute_reference": {"required": "Enter the minute reference."},
            "authorised_by_name": {"required": "Enter the name of who authorised the signature."},
            "authorised_by_role": {"required": "Enter the role of who authorised the signature."},
        }

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version

    def clean_resolution_date(self):
        date = self.cleaned_data["resolution_date"]
        errors = resolution_date_errors(resolution_date=date, version=self.version)
        if errors:
            raise forms.ValidationError(errors)
        return date

    def _post_clean(self):
        # The service records the signature and checks the constraints; nothing to validate on
        # a half-built instance here.
        pass

    def session_data(self) -> dict:
        """What the check-your-answers page needs, JSON-able for the session."""
        data = dict(self.cleaned_data)
        data["resolution_date"] = data["resolution_date"].isoformat()
        return data


class PaperSignatureForm(SignatureForm):
    """The policy team records a signature received on paper, for any council."""

    council = CouncilChoiceField(
        queryset=Council.objects.current().select_related("district"),
        required_message="Choose the council that signed.",
    )

    class Meta(SignatureForm.Meta):
        fields = ["council", *SIGNATURE_FIELDS]


class SignatureWithdrawForm(GovukForm):
    withdrawn_on = DateField(
        label="Date of the council's decision to withdraw",
        error_messages={
            "required": "Enter the date of the decision to withdraw.",
            "invalid": "Enter a real date.",
        },
    )
    reason = forms.CharField(
        label="Reason for the withdrawal",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is published on the council's page.",
        error_messages={"required": "Give the reason for the withdrawal."},
    )
