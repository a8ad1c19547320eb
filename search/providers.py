"""The kinds of thing the site search finds, one provider each, in the order the results page
shows them.

A provider is any object with:

- ``key`` (str, unique, for ids in the page: "councils") and ``label`` (the group's heading:
  "Councils");
- ``search(q: str, limit: int) -> list[Result]``: at most ``limit`` results, best first, in
  one query (the page's queries stay constant however much there is to find);
- ``more_url(q: str) -> str | None``: a page with every match (a list filtered by ``q``), or
  None.

It need not import this module: ``Result`` is the only thing it might want from here (any
object with ``title``, ``url``, ``summary`` and ``meta`` will do).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator

from actions.models import ActionItem
from commitments.models import Commitment, Principle
from councils.models import Council, ProgressReport
from toolkit.models import CountyService, Resource

from .text import matching

SUMMARY_WORDS = 30


@dataclass(frozen=True)
class Result:
    """One thing found: its ``title`` (the link's text), its page's ``url``, a ``summary`` of
    its text (plain, at most 30 words) and ``meta`` (a line of what it is)."""

    title: str
    url: str
    summary: str = ""
    meta: str = ""


def _summary(text: str) -> str:
    return Truncator(text or "").words(SUMMARY_WORDS, truncate="…")


def _with_query(url: str, q: str) -> str:
    return f"{url}?{urlencode({'q': q})}"


class _QuerySetProvider:
    """A provider of one model: what ``queryset()`` holds, matched in ``fields`` (the first
    weighs most) and shown as ``result(obj)``; ``list_url`` names the list page that filters by
    ``q`` (None: no such page)."""

    fields: list[str]
    list_url: str | None = None

    def queryset(self):
        raise NotImplementedError

    def result(self, obj) -> Result:
        raise NotImplementedError

    def search(self, q, limit):
        return [self.result(obj) for obj in matching(self.queryset(), q, self.fields)[:limit]]

    def more_url(self, q):
        return _with_query(reverse(self.list_url), q) if self.list_url else None


class CouncilProvider(_QuerySetProvider):
    """Councils that exist today, by name (and district)."""

    key = "councils"
    label = "Councils"
    fields = ["name", "district__name"]
    list_url = "councils:directory"

    def queryset(self):
        return Council.objects.current().select_related("district").order_by("name")

    def result(self, c):
        return Result(
            title=c.name,
            url=c.get_absolute_url(),
            meta=f"{c.kind_label}{f', {c.district}' if c.district else ''}: "
            f"{c.get_status_display().lower()}",
        )


class CharterSectionProvider:
    """The current version's commitments and principles, by title and statements: two
    queries (a handful of rows each)."""

    key = "charter"
    label = "The charter"

    def search(self, q, limit):
        found = []
        for model, what in ((Commitment, "Commitment"), (Principle, "Principle")):
            sections = matching(
                model.objects.filter(version__status="published").order_by("order"),
                q,
                ["title", "statements"],
            )[:limit]
            found += [
                (
                    s.search_rank,
                    Result(
                        title=s.title,
                        url=s.get_absolute_url(),
                        summary=_summary(" ".join(s.statements)),
                        meta=f"{what} of the charter",
                    ),
                )
                for s in sections
            ]
        found.sort(key=lambda pair: -pair[0])  # stable: commitments first on a tie
        return [result for _, result in found[:limit]]

    def more_url(self, q):
        return None  # a few sections: all of them fit


class ActionProvider(_QuerySetProvider):
    """Public items of the working group's action plan, by reference, title and description.
    The action plan has no search of its own, so no list to link to."""

    key = "actions"
    label = "Actions"
    fields = ["title", "reference", "description"]

    def queryset(self):
        return ActionItem.objects.public().order_by("position", "pk")

    def result(self, item):
        return Result(
            title=f"{item.reference}: {item.title}",
            url=item.get_absolute_url(),
            summary=_summary(item.description),
            meta=f"Action plan: {item.get_status_display().lower()}",
        )


class WhatCouncilsDidProvider(_QuerySetProvider):
    """Progress reports that say what the council did ("What councils did")."""

    key = "what-councils-did"
    label = "What councils did"
    fields = ["what_we_did"]
    list_url = "councils:what-councils-did"

    def queryset(self):
        return ProgressReport.objects.for_library()

    def result(self, r):
        return Result(
            title=f"{r.council.name}: {r.commitment.title}",
            url=f"{r.council.get_absolute_url()}#progress",
            summary=_summary(r.what_we_did),
            meta=f"{r.get_status_display()} in {r.period}",
        )


class ResourceProvider(_QuerySetProvider):
    """Published resources of the toolkit, by title, summary and text."""

    key = "resources"
    label = "Toolkit resources"
    # Title and summary only: ranking every resource's whole text on each search cost
    # 400-700 ms at 2,000 resources (bench/); the toolkit's own search reads the text.
    fields = ["title", "summary"]
    list_url = "toolkit:list"

    def queryset(self):
        return Resource.objects.published().order_by("title", "pk").defer("body", "body_html")

    def result(self, resource):
        return Result(
            title=resource.title,
            url=resource.get_absolute_url(),
            summary=_summary(resource.summary),
            meta=f"Toolkit: {resource.get_kind_display().lower()}",
        )


class CountyServiceProvider(_QuerySetProvider):
    """The county's services for local councils ("Navigating the county")."""

    key = "county-services"
    label = "County services"
    fields = ["name", "team", "what_it_does"]
    list_url = "toolkit:services"

    def queryset(self):
        return CountyService.objects.order_by("name", "pk")

    def result(self, service):
        return Result(
            title=service.name,
            url=service.get_absolute_url(),
            summary=_summary(service.what_it_does),
            meta=f"County service: {service.team}" if service.team else "County service",
        )


# The kinds, in the order the results page shows them.
PROVIDERS = [
    CouncilProvider(),
    CharterSectionProvider(),
    ResourceProvider(),
    ActionProvider(),
    WhatCouncilsDidProvider(),
    CountyServiceProvider(),
]
