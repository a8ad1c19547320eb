"""GOV.UK Frontend markup for Django forms, written once.

``GovukFormRenderer`` renders every form and field with the templates under
``templates/includes/forms/``; ``GovukFormMixin`` gives each widget its GOV.UK class, and marks
fields in error so the template can show the message next to the field. Views render a form as
``{{ form }}`` or field by field with ``{{ form.x.as_field_group }}``.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

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


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three text boxes, not the browser's own date
    control (hard for some people and assistive technologies to use: issue 7). For a
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
        return [str(int(p)) if p.isdigit() else p for p in (day, month, year)]

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


class GovukFormMixin:
    """Mix into any Form or ModelForm to give it GOV.UK classes and error states."""

    template_name_div = "includes/forms/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
            if isinstance(field, forms.CharField) and field.max_length:
                widget.attrs.setdefault("maxlength", field.max_length)
            default = forms.DateField.default_error_messages["invalid"]
            if isinstance(widget, DateInput) and field.error_messages.get("invalid") == default:
                field.error_messages["invalid"] = (
                    f"{str(field.label)[:1].upper()}{str(field.label)[1:]} must be a real date, "
                    "with a day, a month and a year, like 27 3 2026."
                )

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
        return items


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
