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
GROUPED = {"radioselect", "checkboxselectmultiple"}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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
