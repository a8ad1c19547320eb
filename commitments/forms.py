"""Forms of the charter's public pages."""

from django import forms

from ui.forms import GovukForm, is_whole_number

from .models import CharterVersion

NOT_A_VERSION = (
    "Choose a published version of the charter from the list (there is no version “%(value)s”)"
)


class VersionCompareForm(GovukForm):
    """The two versions to compare (GET ``?from=N&to=M``): published or superseded version
    numbers only, never a draft. Bound with the defaults filled in by ``with_defaults``."""

    def __init__(self, data=None, *, versions: list[CharterVersion], **kwargs):
        """``versions``: the public versions, newest first (``CharterVersion.objects.public()``)."""
        super().__init__(data, **kwargs)
        choices = [(v.number, _label(v)) for v in versions]
        for name in ("from", "to"):
            self.fields[name].choices = choices

    @staticmethod
    def with_defaults(query, *, versions: list[CharterVersion]) -> dict:
        """``query`` (the request's GET) with what is missing filled in: ``to`` the published
        version, ``from`` the public version before ``to`` (``to`` itself when there is none).
        Returns a plain dict of strings."""
        data = {k: query.get(k, "").strip() for k in ("from", "to")}
        if not data["to"]:
            current = next((v for v in versions if v.is_published), None)
            data["to"] = str(current.number) if current else ""
        if not data["from"] and is_whole_number(data["to"]):
            to = int(data["to"])
            earlier = [v.number for v in versions if v.number < to]
            data["from"] = str(max(earlier)) if earlier else data["to"]
        return data


def _version_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        # Full width: the labels are long, and the page must reflow at 320 CSS pixels.
        widget=forms.Select(attrs={"class": "govuk-!-width-full"}),
        error_messages={
            "required": f"Choose the {label.lower()}",
            "invalid_choice": NOT_A_VERSION,
        },
    )


# "from" is a Python keyword: the fields are added to the class after it is made.
VersionCompareForm.base_fields["from"] = _version_field("From version")
VersionCompareForm.base_fields["to"] = _version_field("To version")


def _label(version: CharterVersion) -> str:
    label = f"Version {version.number}"
    if version.published_on:
        label += f", published {version.published_on:%-d %B %Y}"
    if version.is_published:
        label += " (current)"
    return label
