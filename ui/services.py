"""Small pieces that several apps' services share (``<app>/services.py``), written once.

- ``unique_slug``: a slug for a new record from its name, unique among the model's rows.
- ``locked_for_edit``: a record locked for the transaction, after the edit-conflict check of
  ``ui.conflicts`` against who changed it last in its history.
- ``FileImportError``: an uploaded file refused whole, with every problem by line.

Callers are services, so inside ``transaction.atomic``; nothing here opens a transaction.
"""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.text import slugify

from .conflicts import conflict_check


class FileImportError(Exception):
    """The file cannot be imported as it stands and nothing was saved; ``errors`` (a list of
    str) names every problem, one a line, each with its line and field (or what the policy team
    must decide). Each importer raises its own subclass."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def unique_slug(
    model: type[models.Model], text: str, *, max_length: int = 180, fallback: str = "item"
) -> str:
    """A slug of ``text`` (cut to ``max_length`` characters before any suffix; ``fallback`` if
    nothing is left) that no row of ``model`` has yet: "-2", "-3" ... added until one is free.
    One query per slug tried."""
    base = slugify(text)[:max_length] or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def locked_for_edit[M: models.Model](
    instance: M,
    *,
    seen: dict[str, Any] | None,
    current: Callable[[M], dict[str, Any]],
    typed: dict[str, Any],
) -> M:
    """``instance`` read again and locked (``SELECT ... FOR UPDATE``) for the caller's
    transaction, once ``ui.conflicts.conflict_check`` passed: ``current(locked)`` gives its raw
    values now, ``seen`` and ``typed`` are as ``conflict_check`` takes them, and who saved it
    last and when come from its newest history record (django-simple-history's
    ``history``). Raises ``ui.conflicts.EditConflict`` and changes nothing otherwise."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    last = locked.history.select_related("history_user").order_by("-history_id").first()
    conflict_check(
        seen=seen,
        current=current(locked),
        typed=typed,
        changed_by=last.history_user if last else None,
        changed_at=last.history_date if last else None,
    )
    return locked
