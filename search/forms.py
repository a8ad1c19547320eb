"""The search box's form: what was typed, checked before anything is searched."""

import unicodedata

from django import forms

from ui.forms import GovukForm

MAX_LENGTH = 100


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Search the portal",
        max_length=MAX_LENGTH,
        help_text="For example, a council's name, a commitment or what a council did",
        error_messages={"required": "Enter what you are looking for"},
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )

    def clean_q(self):
        q = self.cleaned_data["q"]
        # The middleware refuses control characters in any address; this is the form's own
        # guard, for a request that reaches it some other way.
        if any(unicodedata.category(c) == "Cc" for c in q):
            raise forms.ValidationError(
                "Search for letters, numbers and punctuation only: take out the control "
                "characters (such as a line break or a tab)"
            )
        return q
