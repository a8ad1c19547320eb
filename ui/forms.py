"""GOV.UK Frontend markup for Django forms, written once.

``GovukFormRenderer`` renders every form and field with the templates under
``templates/includes/forms/``; ``GovukFormMixin`` gives each widget its GOV.UK class, and marks
fields in error so the template can show the message next to the field. Views render a form as
``{{ form }}`` or field by field with ``{{ form.x.as_field_group }}``.

What the mixin does for every form, so that each form gets it without asking:

- a field that is required and left empty says what to enter, naming the field
  ("Enter the title"), never Django's bare "This field is required.";
- text longer than a field's limit is refused with the limit and how far over it is, never cut
  by the browser (no ``maxlength`` attribute: a browser silently drops what is pasted beyond it);
  a textarea with a limit is a GOV.UK character count, which counts as you type;
- a field needed only for one answer of a radio question (``revealed_by``) is shown under that
  answer (GOV.UK conditional reveal), is required when that answer is chosen and is never
  labelled "(optional)".

``DateField`` (GOV.UK's date rules) and ``WebAddressField`` (``adderburypc.co.uk/news`` is read
as ``https://adderburypc.co.uk/news``) are the one way every form reads dates and web addresses.
"""

import calendar
import datetime

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "radioselect": "govuk-radios__input",
    "checkbox": "govuk-checkboxes__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}
# Widgets shown as a group of inputs in a fieldset, so errors link to the first input.
GROUPED = {"radioselect", "checkboxselectmultiple", "date"}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


# GOV.UK Design System, date input: "Accept ... month names written out in full or
# abbreviated form"; only years of four digits, with their own message.
MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def is_whole_number(text: str) -> bool:
    """Whether ``text`` is written in the digits 0 to 9 only, and is not empty. ``str.isdigit``
    also accepts digits that ``int()`` refuses, such as a superscript "²"."""
    return text.isascii() and text.isdigit()


def month_number(text: str) -> int | None:
    """The month (1 to 12) written as ``text``: a number ("3", "03"), a full name ("March") or
    an abbreviation ("mar", "Sep", "Sept."), in any case; None if it is none of those."""
    text = text.strip().rstrip(".").lower()
    if is_whole_number(text):
        number = int(text)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(text)


def sentence_start(label) -> str:
    """``label`` with a capital first letter, to start a message with it."""
    label = str(label or "")
    return label[:1].upper() + label[1:]


def in_sentence(label) -> str:
    """``label`` for the middle of a sentence: first letter small unless it is an acronym."""
    label = str(label or "")
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three text boxes, not the browser's own date
    control (hard for some people and assistive technologies to use). For a
    ``DateField``: the three parts reach it as one "year-month-day" string, which it parses
    as usual. A single ``<name>`` value ("2026-03-27") is still accepted, for scripts and tests
    that send the date whole."""

    template_name = "includes/forms/date_input.html"
    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        parts = {
            name: forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
            for name, _label, _width in self.PARTS
        }
        super().__init__(parts, attrs)

    def decompress(self, value):
        if value is None or value == "":
            return [None, None, None]
        if hasattr(value, "year"):
            return [value.day, value.month, value.year]
        try:  # a whole "year-month-day" string, as sent or as the initial value
            year, month, day = str(value).split("-")
        except ValueError:
            return [None, None, None]
        return [str(int(p)) if is_whole_number(p) else p for p in (day, month, year)]

    def value_from_datadict(self, data, files, name):
        if name in data:  # sent whole
            return data.get(name)
        day, month, year = (
            (data.get(f"{name}_{part}") or "").strip() for part, _label, _width in self.PARTS
        )
        if not (day or month or year):
            return ""
        return f"{year}-{month}-{day}"  # the field says whether it is a real date

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        errored = "govuk-input--error" in (self.attrs.get("class") or "")
        for subwidget, (_part, label, width) in zip(
            context["widget"]["subwidgets"], self.PARTS, strict=True
        ):
            subwidget["label"] = label
            subwidget["attrs"]["class"] = " ".join(
                c
                for c in (
                    "govuk-input",
                    "govuk-date-input__input",
                    f"govuk-input--width-{width}",
                    "govuk-input--error" if errored else "",
                )
                if c
            )
        return context


class DateField(forms.DateField):
    """A date typed in GOV.UK's date input, read by GOV.UK's rules (the Design System's date
    input pattern): the month as a number, a full name or an abbreviation ("3", "March",
    "mar", "Sep"); the year as four digits, between 1900 and 2100. Every date field of the
    portal is one of these (``tests/ui/test_every_form.py`` checks).

    Returns a ``datetime.date``; raises ``ValidationError`` with code ``invalid`` (not a real
    date, or a part missing: the field's own message), ``year_digits`` or ``year_range``."""

    widget = DateInput
    default_error_messages = {
        "year_digits": "Enter the year as 4 digits, for example 2026",
        "year_range": f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parts = str(value).strip().split("-")
        if len(parts) != 3:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = (part.strip() for part in parts)
        if is_whole_number(year) and len(year) != 4:
            code = "year_digits" if len(year) < 4 else "year_range"
            raise ValidationError(self.error_messages[code], code=code)
        number = month_number(month)
        if not (is_whole_number(year) and is_whole_number(day) and number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(self.error_messages["year_range"], code="year_range")
        try:
            return datetime.date(int(year), number, int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def end_not_before_start(form, start: str, end: str, message: str) -> None:
    """In a form's ``clean()``: ``message`` next to the date field ``end`` when it is before the
    date field ``start`` (both given and valid; a missing one has its own message)."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, message)


class WebAddressField(forms.URLField):
    """A web page's address, read the same way on every form: an address typed without
    ``https://`` (``adderburypc.co.uk/news``) is taken as https; only http and https are
    accepted. Returns the address as a string with its scheme, or "" when empty."""

    default_validators = [validators.URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": "Enter a web address, for example https://www.adderbury-pc.gov.uk/news",
    }

    def __init__(self, **kwargs):
        kwargs["assume_scheme"] = "https"
        super().__init__(**kwargs)


def web_address(text: str) -> str:
    """``text`` as ``WebAddressField`` reads it ("adderburypc.co.uk/news" becomes
    "https://adderburypc.co.uk/news"), without checking it is a web address."""
    return WebAddressField(required=False).to_python(text)


class LengthLimit(validators.MaxLengthValidator):
    """A field's character limit whose message says the limit and how far over it the text is
    (GOV.UK's character count says the same with JavaScript)."""

    def __init__(self, limit_value, label=""):
        what = sentence_start(label) or "The text"
        message = f"{what} must be {limit_value:,} characters or fewer: you have %(over)s too many"
        super().__init__(limit_value, message=message)

    def clean(self, x):
        # A browser sends a line break as two characters; GOV.UK's character count (and the
        # person) count one.
        return len(x.replace("\r\n", "\n"))

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            over = length - self.limit_value
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": self.limit_value,
                    "show_value": length,
                    "over": f"{over:,} character{'' if over == 1 else 's'}",
                },
            )


def _required_message(field) -> str:
    """What an empty required field asks for, naming the field (GOV.UK error messages:
    "Enter ...", "Choose ...", "Select ...")."""
    label = in_sentence(field.label) or "an answer"
    if isinstance(field, forms.BooleanField):
        return f"Select “{sentence_start(field.label)}” to continue"
    if isinstance(field, forms.FileField):
        return f"Choose a file: {label}"
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return f"Choose {label}"
    return f"Enter {label}"


class GovukBoundField(forms.BoundField):
    """A field of a GOV.UK form: a textarea with a character count is described by the count's
    message too, and carries the class GOV.UK Frontend's JavaScript looks for."""

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is not None and getattr(self.field, "character_count", None):
            described = f"{self.auto_id}-info {described}".strip()
        return described

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if getattr(self.field, "character_count", None):
            widget_attrs = (widget or self.field.widget).attrs
            css = attrs.get("class", widget_attrs.get("class", ""))
            attrs["class"] = f"{css} govuk-js-character-count".strip()
        return attrs


class GovukFormMixin:
    """Mix into any Form or ModelForm to give it GOV.UK classes and error states, messages that
    name the field, limits without truncation and conditional reveals (see the module)."""

    template_name_div = "includes/forms/form.html"
    bound_field_class = GovukBoundField
    # {dependent field: (radio field, the answer that reveals it)}
    revealed_by: dict[str, tuple[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None:
                field.label = pretty_name(name)
            default_required = forms.Field.default_error_messages["required"]
            if field.error_messages.get("required") == default_required:
                field.error_messages["required"] = _required_message(field)
            if isinstance(field, forms.CharField) and field.max_length:
                field.validators = [
                    LengthLimit(int(field.max_length), field.label)
                    if isinstance(v, validators.MaxLengthValidator)
                    and "max_length" not in field.error_messages
                    else v
                    for v in field.validators
                ]
                field.widget.attrs.pop("maxlength", None)
                if isinstance(field.widget, forms.Textarea):
                    field.character_count = int(field.max_length)
        for dependent, (controller, answer) in self.revealed_by.items():
            self.fields[dependent].revealed_by = (controller, answer)
            reveals = getattr(self.fields[controller], "reveals", [])
            self.fields[controller].reveals = [*reveals, (answer, self[dependent])]
            self.fields[controller].revealed_answers = [
                a for a, _field in self.fields[controller].reveals
            ]
        for field in self.fields.values():
            widget = field.widget
            kind = widget.__class__.__name__.lower().removesuffix("input").removesuffix("widget")
            css = WIDGET_CLASSES.get(kind, "govuk-input")
            if isinstance(widget, forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            if isinstance(widget, forms.RadioSelect):
                css = "govuk-radios__input"
            if isinstance(widget, forms.CheckboxSelectMultiple):
                css = "govuk-checkboxes__input"
            extra = widget.attrs.pop("class", "")
            widget.attrs["class"] = f"{css} {extra}".strip()
            default = forms.DateField.default_error_messages["invalid"]
            if isinstance(widget, DateInput) and field.error_messages.get("invalid") == default:
                field.error_messages["invalid"] = (
                    f"{str(field.label)[:1].upper()}{str(field.label)[1:]} must be a real date, "
                    "with a day, a month and a year, like 27 3 2026."
                )

    def _clean_form(self):
        super()._clean_form()
        for dependent, (controller, answer) in self.revealed_by.items():
            if (
                self.cleaned_data.get(controller) == answer
                and self.cleaned_data.get(dependent) in self.fields[dependent].empty_values
                and dependent not in self.errors
            ):
                self.add_error(dependent, self.fields[dependent].error_messages["required"])

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            classes = widget.attrs.get("class", "").split()
            for base, error in ERROR_CLASSES.items():
                if base in classes and error not in classes:
                    classes.append(error)
            widget.attrs["class"] = " ".join(classes)

    def error_summary(self):
        """[(message, anchor)] for the error summary at the top of the page."""
        items = [(str(e), "") for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            bound = self[name]
            anchor = bound.id_for_label or bound.auto_id
            if bound.widget_type in GROUPED and anchor and not anchor.endswith("_0"):
                anchor = f"{bound.auto_id}_0"
            items += [(str(e), anchor) for e in errors]
        # One problem is listed once, even when a form and its service both report it.
        first = {}
        for message, anchor in items:
            first.setdefault(message, anchor)
        return list(first.items())


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
