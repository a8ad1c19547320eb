"""The site search's results page: what the search box in every page's header finds."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from ui.cache import every_page_group, public_page
from ui.views import breadcrumbs

from .forms import SearchForm
from .providers import PROVIDERS

RESULTS_PER_KIND = 5


@dataclass
class ResultGroup:
    """One kind's results: ``provider`` (its ``key`` and ``label``), ``results`` (at most
    ``RESULTS_PER_KIND``), ``more`` (there are more than shown) and ``more_url``."""

    provider: object
    results: list
    more: bool
    more_url: str | None


def search_everything(q: str, *, per_kind: int = RESULTS_PER_KIND) -> list[ResultGroup]:
    """Every provider's best results for ``q``: one query per kind (two for the charter's
    sections), whatever the size of the data."""
    groups = []
    for provider in PROVIDERS:
        found = provider.search(q, per_kind + 1)
        more = len(found) > per_kind
        groups.append(
            ResultGroup(
                provider=provider,
                results=found[:per_kind],
                more=more,
                more_url=provider.more_url(q) if more else None,
            )
        )
    return groups


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=every_page_group(), reads=["q"]), name="get")
class SearchView(TemplateView):
    """``/search/?q=``: councils, the charter's sections, actions and what councils did,
    ranked, grouped by kind. No ``q`` at all: the empty form. An empty, too long or
    unreadable ``q``: the form with the message next to the box, and nothing searched."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        asked = "q" in self.request.GET
        form = SearchForm(self.request.GET if asked else None)
        groups = search_everything(form.cleaned_data["q"]) if form.is_valid() else []
        return super().get_context_data(
            form=form,
            q=form.cleaned_data["q"] if form.is_valid() else "",
            groups=[g for g in groups if g.results],
            empty_groups=[g for g in groups if not g.results],
            searched=form.is_valid(),
            page_title=f"Search: {form.cleaned_data['q']}" if form.is_valid() else "Search",
            breadcrumbs=breadcrumbs(title="Search"),
            **kwargs,
        )
