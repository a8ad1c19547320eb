"""Derived values checked against the records they come from (``manage.py check_integrity``).

Each app that stores a derived value (a council's signatory status, the "latest report" marker,
the action plan's reference counter) lists its checks in ``<app>/integrity.py`` as ``CHECKS``:
functions that recompute the value by the same rule as the services, from scratch, and return a
``Drift`` for every record whose stored value differs. The command finds the modules through the
installed apps, so no app imports one on a higher floor. After the model of DemocracyClub
EveryElection's ``elections_check_constraints`` command.
"""

import datetime
import enum
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Drift:
    """One stored value that is not what its records give."""

    check: str  # the check's name, e.g. "council status"
    record: str  # which record, in words: "Adderley Parish Council (id 12)"
    field: str
    stored: Any
    derived: Any
    pk: Any = None  # the record's primary key, for the check's fix

    def __str__(self):
        return (
            f"{self.check}: {self.record}: {self.field} is {_shown(self.stored)}, "
            f"its records give {_shown(self.derived)}"
        )


def _shown(value) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return repr(value)


def integrity_checks() -> list:
    """Every ``CHECKS`` function of the installed apps' ``integrity`` modules, app by app."""
    checks = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.integrity")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.integrity":
                raise
            continue
        checks += getattr(module, "CHECKS", [])
    return checks
