"""What the councils app shows from the apps above it, which it never imports (nor names by a
string: a URL name, a template): each such app registers its part here, in its
``AppConfig.ready()``, so that the dependency shows in the higher app's imports.

- ``council_tasks_register``: what a council's confirmed clerk is asked to do elsewhere, shown
  on "Your councils" (consultations: an open consultation the council can respond to).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CouncilTask:
    """One thing a council's clerk is asked to do. ``council_id``: the council's id;
    ``heading``: what kind of thing (a summary list's key, e.g. "Consultation"); ``text``: what
    (e.g. a consultation's title and closing date); ``label`` and ``url``: the link to do it."""

    council_id: int
    heading: str
    text: str
    label: str
    url: str


_council_tasks: dict[str, Callable[[list], Iterable[CouncilTask]]] = {}


def council_tasks_register(app_label: str, found: Callable[[list], Iterable[CouncilTask]]) -> None:
    """Register ``found(councils)``: given a list of ``Council`` objects, the tasks for their
    clerks, in a few queries however many councils (again: replaced)."""
    _council_tasks[app_label] = found


def council_tasks(councils: list) -> dict[int, list[CouncilTask]]:
    """``{council id: [CouncilTask, ...]}`` for ``councils`` from every registered app, in the
    order the apps registered; councils with no task are left out."""
    tasks: dict[int, list[CouncilTask]] = {}
    if not councils:
        return tasks
    for found in _council_tasks.values():
        for task in found(councils):
            tasks.setdefault(task.council_id, []).append(task)
    return tasks
