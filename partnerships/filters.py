"""The public register's filters: words, kind, statutory or not, member council, commitment.

GET parameters, so a filtered list can be shared as a link; a value that makes no sense gets a
message next to its field and the other filters still apply (as the action plan's).
"""

import re

import django_filters
from django.db.models import Exists, OuterRef, Q

from actions.filters import PlanFilterForm
from commitments.models import Commitment
from councils.models import Council
from ui.filters import LinkFilterSet, choice_filter

from .models import Level, Partnership

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


class PartnershipFilter(LinkFilterSet):
    q = django_filters.CharFilter(label="Name or purpose contains", method="filter_q")
    level = choice_filter(
        "a kind",
        label="Kind",
        choices=Level.choices,
        empty_label="Any kind",
    )
    statutory = django_filters.ChoiceFilter(
        label="Statutory",
        choices=[("yes", "Statutory"), ("no", "Not statutory")],
        empty_label="Either",
        method="filter_statutory",
        error_messages={"invalid_choice": "Choose statutory or not statutory"},
    )
    council = choice_filter(
        "a council",
        label="Member council",
        method="filter_council",
        empty_label="Any council",
    )
    commitment = choice_filter(
        "a commitment",
        label="Charter commitment it serves",
        method="filter_commitment",
        empty_label="Any commitment",
    )

    class Meta:
        form = PlanFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The principal councils, and the council asked for (a link from a town or parish
        # council's page): not every council, which at England's size would be 10,000 options.
        members = Partnership.member_councils.through.objects.filter(council=OuterRef("pk"))
        asked = (data or {}).get("council") or ""
        if not isinstance(asked, str) or not _SLUG.match(asked):
            asked = ""  # not a slug: the field's own message says so
        self.filters["council"].extra["choices"] = list(
            Council.objects.filter(Exists(members))
            .filter(Q(kind__in=Council.PRINCIPAL_KINDS) | Q(slug=asked))
            .order_by("name")
            .values_list("slug", "name")
        )
        self.filters["commitment"].extra["choices"] = list(
            Commitment.objects.current().order_by("order").values_list("key", "title")
        )

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_statutory(self, queryset, name, value):
        return queryset.filter(is_statutory=value == "yes")

    def filter_council(self, queryset, name, value):
        through = Partnership.member_councils.through.objects.filter(
            partnership=OuterRef("pk"), council__slug=value
        )
        return queryset.filter(Exists(through))

    def filter_commitment(self, queryset, name, value):
        through = Partnership.commitments.through.objects.filter(
            partnership=OuterRef("pk"), commitment__key=value
        )
        return queryset.filter(Exists(through))
