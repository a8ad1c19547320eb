"""What changed in an action item, field by field, in words people read.

Used by the history page (each record against the one before) and by the edit conflict (the
item as the officer loaded it, as it is now, and what they typed). Values are compared raw (ids,
dates) and put into words in a fixed number of queries, however long the history.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import date as format_date

from commitments.models import Commitment, StrategicAim
from councils.models import Council

from .models import ActionItem, Status, item_history_m2m_model

# (field, label), in the order the pages show them.
TRACKED_FIELDS = [
    ("title", "Title"),
    ("description", "Description"),
    ("commitments", "Commitments it serves"),
    ("aims", "Strategic aims it serves"),
    ("lead_council", "Lead council"),
    ("lead_partner", "Lead partner"),
    ("lead_officer_role", "Lead officer's role"),
    ("start_date", "Start date"),
    ("due_date", "Due date"),
    ("status", "Status"),
    ("is_public", "Shown on the public plan"),
]
LABELS = dict(TRACKED_FIELDS)
M2M_FIELDS = {"commitments": "commitment_id", "aims": "strategicaim_id"}
# The fields of the edit form: status changes only through dated updates (the timeline).
EDITABLE_FIELDS = [name for name, _ in TRACKED_FIELDS if name != "status"]

Raw = dict[str, Any]


@dataclass
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    yours: str = ""


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: Any
    created: bool
    version: int
    changes: list[FieldChange] = field(default_factory=list)


def raw_from_item(item: ActionItem) -> Raw:
    raw = {name: getattr(item, name) for name, _ in TRACKED_FIELDS if name not in M2M_FIELDS}
    raw["lead_council"] = item.lead_council_id
    raw["commitments"] = frozenset(c.pk for c in item.commitments.all())
    raw["aims"] = frozenset(a.pk for a in item.aims.all())
    return raw


def raw_from_values(values: dict) -> Raw:
    """Raw values from keyword arguments of the services (objects, lists of objects)."""
    raw = {}
    for name, value in values.items():
        if name in M2M_FIELDS:
            raw[name] = frozenset(getattr(v, "pk", v) for v in value)
        elif name == "lead_council":
            raw[name] = getattr(value, "pk", value)
        else:
            raw[name] = value
    return raw


def raw_from_records(records) -> dict[int, Raw]:
    """{history_id: raw} for historical records, their commitments and aims in two queries."""
    ids = [r.history_id for r in records]
    m2m = {r.history_id: {name: set() for name in M2M_FIELDS} for r in records}
    for name, column in M2M_FIELDS.items():
        rows = item_history_m2m_model(name).objects.filter(history_id__in=ids)
        for history_id, pk in rows.values_list("history_id", column):
            m2m[history_id][name].add(pk)
    raws = {}
    for record in records:
        raw = {n: getattr(record, n) for n, _ in TRACKED_FIELDS if n not in M2M_FIELDS}
        raw["lead_council"] = record.lead_council_id
        raw.update({name: frozenset(pks) for name, pks in m2m[record.history_id].items()})
        raws[record.history_id] = raw
    return raws


class Names:
    """Names of the councils, commitments and aims in a set of raw values, in one query each."""

    def __init__(self, raws):
        councils, commitments, aims = set(), set(), set()
        for raw in raws:
            if raw.get("lead_council"):
                councils.add(raw["lead_council"])
            commitments |= raw.get("commitments", set())
            aims |= raw.get("aims", set())
        self.councils = dict(
            Council.objects.filter(pk__in=councils).values_list("pk", "name") if councils else []
        )
        self.commitments = (
            {
                c.pk: f"{c.title} (charter version {c.version.number})"
                for c in Commitment.objects.filter(pk__in=commitments).select_related("version")
            }
            if commitments
            else {}
        )
        self.aims = (
            {
                a.pk: f"Aim {a.number}: {a.title} (charter version {a.version.number})"
                for a in StrategicAim.objects.filter(pk__in=aims).select_related("version")
            }
            if aims
            else {}
        )

    def display(self, name: str, value) -> str:
        if value is None or value == "":
            return "(none)"
        if name == "lead_council":
            return self.councils.get(value, "(a council no longer on the register)")
        if name in M2M_FIELDS:
            lookup = self.commitments if name == "commitments" else self.aims
            return "; ".join(sorted(lookup.get(pk, "(removed)") for pk in value)) or "(none)"
        if name == "status":
            return Status(value).label if value in Status.values else str(value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime.date):
            return format_date(value, "j F Y")
        return str(value)


def diff(before: Raw, after: Raw, names: Names) -> list[FieldChange]:
    changes = []
    for name, label in TRACKED_FIELDS:
        old, new = names.display(name, before.get(name)), names.display(name, after[name])
        if old != new:
            changes.append(FieldChange(name, label, old, new))
    return changes


def item_history(item: ActionItem) -> list[HistoryEntry]:
    """Every recorded change of the item, newest first, each with its field changes."""
    records = list(item.history.select_related("history_user").order_by("history_id"))
    raws = raw_from_records(records)
    names = Names(raws.values())
    entries, previous = [], None
    for record in records:
        raw = raws[record.history_id]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                created=record.history_type == "+",
                version=record.version,
                changes=diff(previous or {}, raw, names),
            )
        )
        previous = raw
    return entries[::-1]


@dataclass
class Conflict:
    """What others saved since an officer loaded the edit form at ``version``."""

    changes: list[FieldChange]
    changed_by: Any
    changed_at: datetime.datetime | None


def changes_since(item: ActionItem, version: int, typed: Raw) -> Conflict:
    """The form's fields that changed since ``version``: then, now, and what the officer typed.

    ``item`` is the item as it is now (locked by the caller).
    """
    base_record = item.history.filter(version=version).order_by("-history_id").first()
    latest = item.history.select_related("history_user").order_by("-history_id").first()
    now = raw_from_item(item)
    base = raw_from_records([base_record])[base_record.history_id] if base_record else {}
    names = Names([base, now, typed])
    changes = []
    for name in EDITABLE_FIELDS:
        if base_record is not None and base.get(name) == now[name]:
            continue
        if base_record is None and typed.get(name) == now[name]:
            continue
        change = FieldChange(
            name,
            LABELS[name],
            names.display(name, base.get(name)) if base_record else "(not known)",
            names.display(name, now[name]),
            names.display(name, typed.get(name)),
        )
        changes.append(change)
    return Conflict(
        changes=changes,
        changed_by=latest.history_user if latest else None,
        changed_at=latest.history_date if latest else None,
    )
