"""Filters of the API's records that no page has (the directory's and the action plan's own
FilterSets are reused as they are: ``councils.filters``, ``actions.filters``)."""

import django_filters

from actions.models import ActionUpdate
from councils.models import Signature


class SignatureFilter(django_filters.FilterSet):
    council = django_filters.CharFilter(field_name="council__slug", label="Council (slug)")
    charter_version = django_filters.NumberFilter(
        field_name="version__number", label="Charter version number"
    )

    class Meta:
        model = Signature
        fields = []


class ActionUpdateFilter(django_filters.FilterSet):
    item = django_filters.CharFilter(field_name="item__reference", label="Action (e.g. A-3)")

    class Meta:
        model = ActionUpdate
        fields = []
