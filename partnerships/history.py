"""What changed in a partnership, risk, meeting or scrutiny review, field by field.

The same shape as the action plan's (``actions.history``): each record has a ``version``; an
edit form carries the version it was loaded at, and a save over someone else's change is
refused with the changes (then, now, what was typed), shown by ``includes/_conflict.html``.
Values are compared raw (ids, dates) and put into words per field.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.template.defaultfilters import date as format_date
from django.utils.timezone import localtime
from simple_history.models import HistoricalRecords

from actions.history import Conflict, FieldChange, HistoryEntry


@dataclass
class Tracked:
    """The fields of one model that its edit form holds, in order, with their labels."""

    fields: list[tuple[str, str]]
    m2m: tuple[str, ...] = ()

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.fields)


def _m2m_history_model(instance, name: str):
    """The historical model keeping the m2m field ``name`` per historical record."""
    field = type(instance)._meta.get_field(name)
    return HistoricalRecords.m2m_models[field]


def _target_column(m2m_model, instance) -> str:
    own = type(instance)._meta.model_name
    for field in m2m_model._meta.get_fields():
        if (
            isinstance(field, models.ForeignKey)
            and field.name not in ("history", own)
            and field.related_model is not type(instance).history.model
        ):
            return field.attname
    raise LookupError(m2m_model)


def raw_from_instance(instance, tracked: Tracked) -> dict[str, Any]:
    raw = {}
    for name, _ in tracked.fields:
        field = type(instance)._meta.get_field(name)
        if name in tracked.m2m:
            raw[name] = frozenset(getattr(instance, name).values_list("pk", flat=True))
        elif field.is_relation:
            raw[name] = getattr(instance, field.attname)
        else:
            raw[name] = getattr(instance, name)
    return raw


def raw_from_values(values: dict, tracked: Tracked) -> dict[str, Any]:
    raw = {}
    for name, value in values.items():
        if name in tracked.m2m:
            raw[name] = frozenset(getattr(v, "pk", v) for v in value)
        else:
            raw[name] = getattr(value, "pk", value)
    return raw


def _raw_from_record(record, instance, tracked: Tracked) -> dict[str, Any]:
    raw = {}
    for name, _ in tracked.fields:
        if name in tracked.m2m:
            m2m_model = _m2m_history_model(instance, name)
            column = _target_column(m2m_model, instance)
            raw[name] = frozenset(
                m2m_model.objects.filter(history=record).values_list(column, flat=True)
            )
        else:
            field = type(instance)._meta.get_field(name)
            raw[name] = getattr(record, field.attname if field.is_relation else name)
    return raw


def display(instance, name: str, value) -> str:
    """A raw value in words: the names of related rows, dates as "3 March 2026"."""
    if value is None or value == "" or value == frozenset():
        return "(none)"
    field = type(instance)._meta.get_field(name)
    if field.is_relation:
        pks = value if isinstance(value, frozenset) else {value}
        names = [str(o) for o in field.related_model._default_manager.filter(pk__in=pks)]
        return "; ".join(sorted(names)) or "(removed)"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return format_date(localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    return str(value)


def changes_since(instance, version: int, typed: dict, tracked: Tracked) -> Conflict:
    """The form's fields that changed since ``version``: then, now, and what was typed.
    ``instance`` is the row as it is now (locked by the caller)."""
    base_record = instance.history.filter(version=version).order_by("-history_id").first()
    latest = instance.history.select_related("history_user").order_by("-history_id").first()
    now = raw_from_instance(instance, tracked)
    base = _raw_from_record(base_record, instance, tracked) if base_record else {}
    changes = []
    for name, label in tracked.fields:
        if name not in typed:
            continue  # not in this form: nothing of theirs can be overwritten
        if base_record is not None and base.get(name) == now[name]:
            continue
        if base_record is None and typed.get(name) == now[name]:
            continue
        changes.append(
            FieldChange(
                name,
                label,
                display(instance, name, base.get(name)) if base_record else "(not known)",
                display(instance, name, now[name]),
                display(instance, name, typed.get(name)),
            )
        )
    return Conflict(
        changes=changes,
        changed_by=latest.history_user if latest else None,
        changed_at=latest.history_date if latest else None,
    )


def history_entries(instance, tracked: Tracked) -> list[HistoryEntry]:
    """Every recorded change, newest first, each with its field changes."""
    records = list(instance.history.select_related("history_user").order_by("history_id"))
    entries, previous = [], {}
    for record in records:
        raw = _raw_from_record(record, instance, tracked)
        changes = [
            FieldChange(name, label, display(instance, name, previous.get(name)), after)
            for name, label in tracked.fields
            if display(instance, name, previous.get(name))
            != (after := display(instance, name, raw[name]))
        ]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                created=record.history_type == "+",
                version=getattr(record, "version", 0),
                changes=changes,
            )
        )
        previous = raw
    return entries[::-1]
