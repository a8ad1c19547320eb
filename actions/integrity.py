"""Checks of the action plan's derived values, for ``manage.py check_integrity`` (see
``ui.integrity``)."""

from django.db.models import IntegerField
from django.db.models.functions import Cast, Substr

from ui.integrity import Drift

from .models import ActionItem, ActionReferenceCounter


def reference_counter_drift() -> list[Drift]:
    """The counter must be at least the highest reference given (A-<n>), or the next action
    would be given a reference already in use. Two queries."""
    highest = (
        ActionItem.objects.annotate(number=Cast(Substr("reference", 3), IntegerField()))
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    ) or 0
    counter = ActionReferenceCounter.objects.filter(pk=1).values_list("last_number", flat=True)
    stored = counter.first() or 0
    if stored >= highest:
        return []
    return [Drift("action reference counter", "the counter", "last_number", stored, highest, 1)]


def reference_counter_fix(drift: list[Drift]) -> None:
    for d in drift:
        ActionReferenceCounter.objects.update_or_create(pk=1, defaults={"last_number": d.derived})


CHECKS = [(reference_counter_drift, reference_counter_fix)]
