"""The consultations' forms: GOV.UK forms (``ui.forms``) whose valid data goes to a service."""

from django import forms

from commitments.models import CharterVersion
from ui.conflicts import SeenField
from ui.forms import DateField, GovukForm, end_not_before_start

from .models import Answer, Question
from .services import answer_field_names

ANSWER_CHOICES = [(c.value, c.label) for c in Answer.Choice]


class ConsultationForm(GovukForm):
    """Open a draft version for consultation, or change one (``version`` only when opening)."""

    seen = SeenField()
    version = forms.ModelChoiceField(
        queryset=CharterVersion.objects.filter(status=CharterVersion.Status.DRAFT),
        empty_label=None,
        label="Version of the charter",
        error_messages={"required": "Choose the draft version to consult on."},
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the consultation's title."}
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text="What is asked, of whom, and why.",
    )
    opens_on = DateField(label="Opens on")
    closes_on = DateField(label="Closes on", help_text="Responses can be changed until this day.")
    individuals_allowed = forms.BooleanField(
        required=False,
        label="Councillors and residents may respond for themselves",
    )

    def __init__(self, *args, opening=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not opening:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        end_not_before_start(
            self, "opens_on", "closes_on", "The closing date must be on or after the opening date."
        )
        return data


class QuestionForm(GovukForm):
    section = forms.ChoiceField(
        choices=Question.Section.choices,
        widget=forms.RadioSelect,
        label="Part of the charter it asks about",
        error_messages={"required": "Choose the part of the charter the question is about."},
    )
    text = forms.CharField(
        max_length=300, label="Question", error_messages={"required": "Enter the question."}
    )


class ResponseForm(GovukForm):
    """One choice and one comment per question, in the order asked; a consent to publish for an
    individual. ``seen`` holds what the form showed, so that a save from a stale tab is refused
    (409) instead of overwriting."""

    seen = SeenField()

    def __init__(self, *args, questions, individual=False, **kwargs):
        # The questions' fields join the class's before the GOV.UK mixin sets every field up
        # (classes, messages, limits): it reads ``base_fields``.
        self.questions = list(questions)
        fields = dict(type(self).base_fields)
        for question in self.questions:
            choice, comment = answer_field_names(question)
            fields[choice] = forms.ChoiceField(
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                label=question.text,
            )
            fields[comment] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
                required=False,
                label="Comments",  # the field's template adds "(optional)"
            )
        if individual:
            fields["publish_consent"] = forms.BooleanField(
                required=False,
                label="You may publish what I said, without my name",
                help_text="What councils say is published. What a person says is published "
                "only if they agree.",
            )
        self.base_fields = fields
        super().__init__(*args, **kwargs)

    def sections(self):
        """``[(section label, [(question, choice field, comment field)])]`` in order."""
        grouped: dict[str, list] = {}
        for question in self.questions:
            choice, comment = answer_field_names(question)
            grouped.setdefault(question.get_section_display(), []).append(
                (question, self[choice], self[comment])
            )
        return list(grouped.items())

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            q.pk: (data[answer_field_names(q)[0]], data[answer_field_names(q)[1]])
            for q in self.questions
        }


class ThemeForm(GovukForm):
    seen = SeenField()
    you_said = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="You said",
        error_messages={"required": "Enter what respondents said."},
    )
    we_did = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        required=False,
        label="We did",
        help_text="Leave blank until it is known: the page shows “Response not yet recorded”.",
    )
    changed_sections = forms.MultipleChoiceField(
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Sections of the charter that changed",
    )

    def __init__(self, *args, section_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_sections"].choices = section_choices
