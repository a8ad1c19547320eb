"""Forms for signing the charter for a council, withdrawing, and recording paper signatures."""

from django import forms

from commitments.models import CharterVersion
from ui.forms import DateField, GovukForm, GovukModelForm, WebAddressField

from ..models import Council, Signature
from ..services.signing import resolution_date_errors, signing_version_errors, version_in_force
from .clerks import CouncilChoiceField

SIGNATURE_FIELDS = [
    "resolution_date",
    "minute_reference",
    "minutes_url",
    "authorised_by_name",
    "authorised_by_role",
]


class SignatureForm(GovukModelForm):
    """A clerk's record of the council's resolution to sign the charter: ``version`` is the
    current version; the resolution is recorded against the version in force on its date
    (``signing_version``, set once valid), so that a resolution passed before ``version`` was
    published still counts."""

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
        self.signing_version = None

    def clean_resolution_date(self):
        date = self.cleaned_data["resolution_date"]
        errors = signing_version_errors(resolution_date=date)
        if errors:
            raise forms.ValidationError(errors)
        self.signing_version = version_in_force(on=date)
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


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        state = "current" if obj.is_published else "superseded"
        return f"Version {obj.number}, published {obj.published_on:%-d %B %Y} ({state})"


class PaperSignatureForm(SignatureForm):
    """The policy team records a signature received on paper, for any council and any
    published version (the current one, or one superseded since)."""

    council = CouncilChoiceField(
        queryset=Council.objects.current().select_related("district"),
        required_message="Choose the council that signed.",
    )
    signed_version = VersionChoiceField(
        label="Version of the charter the council resolved to sign",
        queryset=CharterVersion.objects.public().order_by("-number"),
        empty_label=None,
        required=False,  # none given: the current version
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the version the council resolved to sign.",
            "invalid_choice": "Choose a published version of the charter.",
        },
    )

    class Meta(SignatureForm.Meta):
        fields = ["council", "signed_version", *SIGNATURE_FIELDS]

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, version=version, **kwargs)
        self.fields["signed_version"].initial = version

    def clean_resolution_date(self):
        return self.cleaned_data["resolution_date"]  # checked against the version in clean()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("signed_version") and "signed_version" not in self.errors:
            cleaned["signed_version"] = self.version
        version, date = cleaned.get("signed_version"), cleaned.get("resolution_date")
        if version and date:
            for error in resolution_date_errors(resolution_date=date, version=version):
                self.add_error("resolution_date", error)
        self.signing_version = version
        return cleaned


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
