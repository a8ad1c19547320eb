"""The public action plan's filters: by commitment, status, lead organisation and overdue.

Filters are GET parameters, so a filtered plan can be shared as a link. A value that makes no
sense gets a message next to its field; the other filters still apply.
"""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.text import slugify

from commitments.models import Commitment
from councils.forms.clerks import council_choice_label
from councils.models import Council
from ui.filters import LinkFilterSet, choice_filter
from ui.forms import GovukForm

from .models import Status


class TickInput(forms.CheckboxInput):
    """Hands the field the raw value, so that nonsense can be reported (CheckboxInput would
    read any value as ticked)."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class TickField(forms.BooleanField):
    """A checkbox read from a link: on/yes/true/1 or nothing; anything else is an error."""

    widget = TickInput

    TRUE = {"on", "yes", "true", "1"}
    FALSE = {"", "off", "no", "false", "0"}

    def to_python(self, value):
        if value in (True, False, None):
            return bool(value)
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(
            "To show only overdue actions, tick the box; to show all, leave it empty",
            code="invalid",
        )


class TickFilter(django_filters.Filter):
    field_class = TickField


class PlanFilterForm(GovukForm):
    pass


class ActionPlanFilter(LinkFilterSet):
    commitment = choice_filter(
        "a commitment",
        label="Commitment",
        method="filter_commitment",
        empty_label="Any commitment",
    )
    status = choice_filter(
        "a status",
        label="Status",
        choices=Status.choices,
        empty_label="Any status",
    )
    lead = choice_filter(
        "a lead organisation",
        label="Lead organisation",
        method="filter_lead",
        empty_label="Any organisation",
    )
    overdue = TickFilter(label="Only overdue actions", method="filter_overdue")

    class Meta:
        form = PlanFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = timezone.localdate()
        self.filters["commitment"].extra["choices"] = list(
            Commitment.objects.current().order_by("order").values_list("key", "title")
        )
        councils = list(
            Council.objects.filter(action_items__in=self.queryset)
            .distinct()
            .order_by("name")
            .values_list("slug", "name", "district__name")
        )
        councils = [
            (slug, council_choice_label(name, district)) for slug, name, district in councils
        ]
        partners = sorted(
            set(self.queryset.exclude(lead_partner="").values_list("lead_partner", flat=True))
        )
        self.partner_slugs = {slugify(name): name for name in partners}
        self.filters["lead"].extra["choices"] = sorted(
            councils + list(self.partner_slugs.items()), key=lambda choice: choice[1].lower()
        )

    def filter_commitment(self, queryset, name, value: str):
        return queryset.for_commitment(value)

    def filter_lead(self, queryset, name, value: str):
        if value in self.partner_slugs:
            return queryset.filter(
                lead_council__isnull=True, lead_partner=self.partner_slugs[value]
            )
        return queryset.filter(lead_council__slug=value)

    def filter_overdue(self, queryset, name, value: bool):
        return queryset.overdue(self.today) if value else queryset
