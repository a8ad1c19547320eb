"""Every change to the action plan: keyword-only, atomic, recorded in the item's history.

- ``action_item_create``: gives the next reference (A-1, A-2, ...; never reused).
- ``action_item_update``: optimistic concurrency. The edit form carries the ``version`` it was
  loaded at; if someone saved a field of the form since, the update is refused with
  ``EditConflict``, which says who, when and what changed (then, now, and what was typed).
- ``action_update_add``: a dated progress update, with an optional status change that becomes
  part of the item's timeline; ``action_item_close``: complete or cancel, with a note.
- ``action_item_move`` and ``action_items_reorder``: the order of the plan.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ui.cache import ACTIONS, pages_changed

from .history import EDITABLE_FIELDS, M2M_FIELDS, Conflict, changes_since, raw_from_item
from .history import raw_from_values as _raw
from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ActionItem,
    ActionReferenceCounter,
    ActionUpdate,
    Status,
    record_history,
)


class EditConflict(Exception):
    """Another officer saved the item after this form was loaded."""

    def __init__(self, *, item: ActionItem, conflict: Conflict):
        self.item = item
        self.conflict = conflict
        self.changes = conflict.changes
        super().__init__(f"{item.reference} was changed by someone else.")


def _next_reference() -> str:
    """The next reference, from a counter row locked until the transaction ends."""
    ActionReferenceCounter.objects.bulk_create(
        [ActionReferenceCounter(pk=1)], ignore_conflicts=True
    )
    counter = ActionReferenceCounter.objects.select_for_update().get(pk=1)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"A-{counter.last_number}"


def _save(item: ActionItem, *, by, commitments=None, aims=None) -> None:
    """Save the item and its commitments and aims, then record ONE history record."""
    created = item._state.adding
    item.updated_by = by
    item.validate_constraints()
    item.skip_history_when_saving = True
    try:
        item.save()
        if commitments is not None:
            item.commitments.set(commitments)
        if aims is not None:
            item.aims.set(aims)
    except IntegrityError as error:
        raise ValidationError(
            "This action could not be saved: it breaks a rule of the plan."
        ) from error
    finally:
        del item.skip_history_when_saving
    record_history(item, by=by, created=created)


def _check_date(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": "The date of an update cannot be in the future."})


@transaction.atomic
def action_item_create(
    *,
    by,
    title: str,
    lead_officer_role: str,
    start_date: datetime.date,
    due_date: datetime.date,
    description: str = "",
    commitments=(),
    aims=(),
    lead_council=None,
    lead_partner: str = "",
    status: str = Status.NOT_STARTED,
    is_public: bool = False,
) -> ActionItem:
    pages_changed(ACTIONS)  # its pages are stale once this commits
    if status not in OPEN_STATUSES:
        raise ValidationError({"status": "A new action cannot start complete or cancelled."})
    item = ActionItem(
        title=title,
        description=description,
        lead_council=lead_council,
        lead_partner=lead_partner,
        lead_officer_role=lead_officer_role,
        start_date=start_date,
        due_date=due_date,
        status=status,
        is_public=is_public,
        created_by=by,
    )
    item.validate_constraints(exclude={"reference"})  # before a reference number is used up
    item.reference = _next_reference()
    last = ActionItem.objects.aggregate(last=Max("position"))["last"] or 0
    item.position = last + 1
    _save(item, by=by, commitments=list(commitments), aims=list(aims))
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, version: int, by, **values) -> ActionItem:
    """Change the fields of the edit form (``EDITABLE_FIELDS``), if nobody else has since
    ``version``; raise ``EditConflict`` otherwise. Returns the item as saved."""
    pages_changed(ACTIONS)  # its pages are stale once this commits
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} here.")
    locked = (
        ActionItem.objects.select_for_update()
        .prefetch_related("commitments", "aims")
        .get(pk=item.pk)
    )
    typed = _raw(values)
    if locked.version != version:
        conflict = changes_since(locked, version, typed)
        # Others changed only what this form does not hold (the status, through an update):
        # nothing of theirs can be overwritten.
        if conflict.changes:
            raise EditConflict(item=locked, conflict=conflict)
    current = raw_from_item(locked)
    if all(current[name] == value for name, value in typed.items()):
        return locked  # nothing changed: no new version, no history record
    m2m = {name: values.pop(name) for name in list(values) if name in M2M_FIELDS}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    _save(locked, by=by, commitments=m2m.get("commitments"), aims=m2m.get("aims"))
    return locked


def _set_status(item: ActionItem, status: str, *, by) -> str:
    """Change a locked item's status; return the status it had (or "" if unchanged)."""
    if item.status == status:
        return ""
    previous, item.status = item.status, status
    item.version += 1
    _save(item, by=by)
    return previous


@transaction.atomic
def action_update_add(
    *, item: ActionItem, by, text: str, date: datetime.date | None = None, status: str = ""
) -> ActionUpdate:
    """A dated progress update; with ``status``, the item moves to it (an open status: to
    complete or cancel an item, use ``action_item_close``)."""
    pages_changed(ACTIONS)  # its pages are stale once this commits
    date = date or timezone.localdate()
    _check_date(date)
    if status and status not in OPEN_STATUSES:
        raise ValidationError({"status": "Close the action to mark it complete or cancelled."})
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    previous = _set_status(locked, status, by=by) if status else ""
    return ActionUpdate.objects.create(
        item=locked,
        date=date,
        text=text,
        author=by,
        status_from=previous,
        status_to=status if previous else "",
    )


@transaction.atomic
def action_item_close(
    *, item: ActionItem, by, outcome: str, note: str, date: datetime.date | None = None
) -> ActionUpdate:
    """Mark the item complete or cancelled, with a note that goes on its timeline."""
    pages_changed(ACTIONS)  # its pages are stale once this commits
    if outcome not in CLOSED_STATUSES:
        raise ValidationError({"outcome": "Choose complete or cancelled."})
    date = date or timezone.localdate()
    _check_date(date)
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_open:
        raise ValidationError(f"{locked.reference} is already {locked.get_status_display()}.")
    previous = _set_status(locked, outcome, by=by)
    return ActionUpdate.objects.create(
        item=locked, date=date, text=note, author=by, status_from=previous, status_to=outcome
    )


def _renumber(items: list[ActionItem]) -> None:
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    ActionItem.objects.bulk_update(changed, ["position"])


def _locked_in_order() -> list[ActionItem]:
    return list(ActionItem.objects.select_for_update().order_by("position", "pk"))


@transaction.atomic
def action_item_move(*, item: ActionItem, direction: str) -> bool:
    """Swap the item with the one above ("up") or below ("down"); False at either end."""
    pages_changed(ACTIONS)  # its pages are stale once this commits
    if direction not in ("up", "down"):
        raise ValidationError("Move an action up or down.")
    items = _locked_in_order()
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items)
    return True


@transaction.atomic
def action_items_reorder(*, references: list[str]) -> None:
    """Put these items first, in this order; the others follow in their present order."""
    pages_changed(ACTIONS)  # its pages are stale once this commits
    items = _locked_in_order()
    by_reference = {item.reference: item for item in items}
    unknown = [r for r in references if r not in by_reference]
    if unknown or len(set(references)) != len(references):
        raise ValidationError(f"Cannot reorder: {', '.join(unknown) or 'a reference is repeated'}.")
    first = [by_reference[r] for r in references]
    _renumber(first + [item for item in items if item.reference not in set(references)])
