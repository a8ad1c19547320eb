"""What the accounts app needs from the apps above it, which it never imports (nor names by a
string: a model label, a URL name, a template): each such app registers its part here, in its
``AppConfig.ready()``, so that the dependency shows in the higher app's imports.

- ``next_step_register``: where a new user goes once signed up and verified, and the breadcrumb
  back to it (councils: "Your councils", to ask to act for a council).
- ``personal_data_register``: a part of a person's data kept by another app, for "your data"
  and for closing an account (councils: the requests to act for a council, the outbox).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.shortcuts import resolve_url


@dataclass(frozen=True)
class NextStep:
    """``label``: the page's title, for a breadcrumb; ``url``: a URL name or path (anything
    ``resolve_url`` takes)."""

    label: str
    url: str


HOME = NextStep("Home", "/")
_next_step: list[NextStep] = []


def next_step_register(*, label: str, url: str) -> None:
    """Register a signed-in user's next step (one app only; a second registration replaces the
    first, as tests may)."""
    _next_step[:] = [NextStep(label, url)]


def next_step() -> tuple[str, str]:
    """``(label, address)`` of a signed-in user's next step; the home page if no app has
    registered one."""
    step = _next_step[0] if _next_step else HOME
    return step.label, resolve_url(step.url)


@dataclass(frozen=True)
class PersonalData:
    """One app's part in a person's data.

    - ``subject_fields``: model -> ``(field naming the person it is about, {their fields})``:
      text that person wrote about themselves, left out of anyone else's copy.
    - ``exported_separately``: models the export's walk over every foreign key to the user
      leaves to ``export`` (which knows which rows are really theirs).
    - ``export``: ``(title, callable(user) -> list of JSON-able dicts)``, or None.
    - ``on_close``: ``callable(user)``, run in ``account_close``'s transaction: end and remove
      what the app keeps for the user.
    """

    subject_fields: Mapping = field(default_factory=dict)
    exported_separately: Iterable = ()
    export: tuple[str, Callable] | None = None
    on_close: Callable | None = None


_personal_data: dict[str, PersonalData] = {}


def personal_data_register(app_label: str, part: PersonalData) -> None:
    """Register ``app_label``'s part in a person's data (again: replaced)."""
    _personal_data[app_label] = part


def personal_data_parts() -> tuple[PersonalData, ...]:
    """Every registered part, in the order the apps registered."""
    return tuple(_personal_data.values())
