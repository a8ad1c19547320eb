"""Two people editing one record: the later save is refused, not allowed to overwrite.

The edit form carries what the person saw when they opened it (``SeenField``: the values of the
form's fields, signed so that they cannot be forged). The service locks the record and calls
``conflict_check``: if a field of the form changed since, and the person typed something else
for it, it raises ``EditConflict`` and saves nothing. The view (``ConflictViewMixin``) answers
409 with the page as it was sent, everything typed kept, a table of what changed (when they
opened the form, now, and what they typed: ``templates/includes/_conflict.html``), and a fresh
token, so that saving again keeps theirs knowingly. Changes to fields the form does not hold
never conflict. The action plan's edit form works the same way with a version number.

Values are compared as JSON (a related record as its id, a date as ISO 8601 text).
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.defaultfilters import date as format_date
from django.utils.formats import date_format
from django.utils.timezone import localtime

SALT = "ui.conflicts.seen"
OUT_OF_DATE = (
    "This form is out of date: open the page again, check the details, and make your changes again."
)


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, models.Model):
            return o.pk
        if isinstance(o, (set, frozenset, tuple)):
            return sorted(o)
        return super().default(o)


def as_raw(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as JSON values: a model instance as its pk, dates as ISO 8601 text."""
    return json.loads(json.dumps(values, cls=_Encoder))


def record_values(obj: models.Model, names: list[str]) -> dict[str, Any]:
    """The raw values of ``names`` on ``obj`` (a foreign key as its id, without a query)."""
    values = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        values[name] = getattr(obj, getattr(model_field, "attname", name))
    return as_raw(values)


def seen_token(values: dict[str, Any] | None) -> str:
    """The signed token of what a person sees in a form (None: the record does not exist)."""
    return signing.dumps(None if values is None else as_raw(values), salt=SALT, compress=True)


class SeenField(forms.CharField):
    """A hidden field with what the person saw when the form opened: cleaned to a dict of raw
    values, ``{}`` for a record that did not exist yet, or None when the form did not send it
    (a script; then no check is made)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            seen = signing.loads(value, salt=SALT)
        except signing.BadSignature:
            raise ValidationError(OUT_OF_DATE, code="out-of-date") from None
        return {} if seen is None else seen


@dataclass
class FieldChange:
    """One field that changed under the person's feet: raw values, put in words by the view."""

    field: str
    before: Any
    after: Any
    yours: Any
    label: str = ""


@dataclass
class Conflict:
    changes: list[FieldChange]
    changed_by: Any = None  # a user, if the record says who saved it last
    changed_at: datetime.datetime | None = None


class EditConflict(Exception):
    """Someone else saved a field of the form after it was opened; nothing was saved.
    ``current`` holds the record's values now (raw), for the form's fresh token."""

    def __init__(self, *, conflict: Conflict, current: dict[str, Any] | None):
        self.conflict = conflict
        self.current = current
        super().__init__("The record was changed by someone else.")


_MISSING = object()


def conflict_check(
    *,
    seen: dict[str, Any] | None,
    current: dict[str, Any] | None,
    typed: dict[str, Any],
    changed_by=None,
    changed_at: datetime.datetime | None = None,
) -> None:
    """Raise ``EditConflict`` if a field in ``typed`` changed between ``seen`` (what the form
    showed; ``{}`` for a record that did not exist, None to skip the check) and ``current``
    (the record now, locked by the caller; None if there is none), unless the person typed
    what is there now. ``changed_by``/``changed_at``: who saved last, when, if known."""
    if seen is None:
        return
    now = as_raw(current) if current is not None else {}
    typed = as_raw(typed)
    changes = []
    for name, yours in typed.items():
        before, after = seen.get(name, _MISSING), now.get(name, _MISSING)
        if before == after or after == yours:
            continue
        changes.append(
            FieldChange(
                name,
                None if before is _MISSING else before,
                None if after is _MISSING else after,
                yours,
            )
        )
    if changes:
        raise EditConflict(
            conflict=Conflict(changes=changes, changed_by=changed_by, changed_at=changed_at),
            current=current,
        )


def shown(form_field: forms.Field | None, raw: Any) -> str:
    """A raw value in words, as the form's field offers it: a choice's label, a related
    record's name, a date as "5 January 2026", a list one item after another."""
    if raw is None or raw == "" or raw == []:
        return "(none)"
    if isinstance(form_field, forms.ModelChoiceField):
        obj = form_field.queryset.filter(pk=raw).first()
        return form_field.label_from_instance(obj) if obj else "(removed)"
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(k): v for k, v in form_field.choices if not isinstance(v, (list, tuple))}
        return str(labels.get(str(raw), raw))
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, list):
        return "; ".join(str(item) for item in raw)
    if isinstance(form_field, forms.DateField):
        try:
            return format_date(datetime.date.fromisoformat(raw), "j F Y")
        except (TypeError, ValueError):
            return str(raw)
    return str(raw)


def conflict_error_add(form, *, who, when, what: str = "this record") -> None:
    """Put at the top of ``form`` that someone saved ``what`` after the user opened it (``who``:
    a user or None; ``when``: an aware datetime or None), and that nothing was saved: the
    message of every conflict page."""
    saved = f"Someone else saved {what} after you opened it"
    if who:
        name = getattr(who, "full_name", "") or getattr(who, "email", "") or str(who)
        saved = f"{name} saved {what} after you opened it"
    if when:
        when = localtime(when)
        saved += f", at {date_format(when, 'H:i')} on {date_format(when, 'j F Y')}"
    form.add_error(
        None,
        f"{saved}. Your changes have not been saved. Check them against theirs below, "
        "then save again to keep yours.",
    )


class ConflictViewMixin:
    """For a ``FormView`` whose form has a ``seen = SeenField()``: ``conflict_response`` turns
    an ``EditConflict`` into the 409 page. ``conflict_labels`` and ``conflict_shown`` name and
    put in words values that are not a field of the form."""

    conflict_labels: dict[str, str] = {}
    conflict_what = "this record"

    def conflict_shown(self, form, name: str, raw: Any) -> str:
        return shown(form.fields.get(name), raw)

    def conflict_response(self, form, error: EditConflict):
        conflict = error.conflict
        for change in conflict.changes:
            form_field = form.fields.get(change.field)
            change.label = self.conflict_labels.get(change.field) or (
                str(form_field.label) if form_field and form_field.label else change.field
            )
            change.before = self.conflict_shown(form, change.field, change.before)
            change.after = self.conflict_shown(form, change.field, change.after)
            change.yours = self.conflict_shown(form, change.field, change.yours)
        form.data = form.data.copy()
        form.data[form.add_prefix("seen")] = seen_token(error.current)
        conflict_error_add(
            form, who=conflict.changed_by, when=conflict.changed_at, what=self.conflict_what
        )
        context = self.get_context_data(form=form, conflict=conflict)
        return self.render_to_response(context, status=409)
