"""What councils did: a public, searchable library of every council's progress reports, so
that councils learn from each other. Each entry links to its council's page and its evidence.
"""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from ui.cache import CHARTER, COUNCILS, PROGRESS, public_page
from ui.views import breadcrumbs

from ..filters import ProgressLibraryFilter
from ..models import ProgressReport

REPORTS_PER_PAGE = 20


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(
        groups=[PROGRESS, COUNCILS, CHARTER], reads=[*ProgressLibraryFilter.base_filters, "page"]
    ),
    name="get",
)
class WhatCouncilsDidView(ListView):
    """Progress reports that say what the council did, newest first, 20 a page: filtered by
    commitment, status, kind of council, district and quarter, and searched by words. A bad
    filter says so next to it and the others still apply; a nonsense page number shows the
    nearest page."""

    template_name = "councils/what_councils_did.html"
    context_object_name = "reports"
    paginate_by = REPORTS_PER_PAGE

    def get_filterset(self) -> ProgressLibraryFilter:
        if not hasattr(self, "filterset"):
            self.filterset = ProgressLibraryFilter(
                self.request.GET, queryset=ProgressReport.objects.for_library()
            )
        return self.filterset

    def get_queryset(self):
        return self.get_filterset().qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg, "")
        page = paginator.get_page(asked or 1)
        if asked and asked != str(page.number):
            self.get_filterset().form.add_error(
                None, f"There is no page {asked:.10}: this is page {page.number}."
            )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        page, paginator = context["page_obj"], context["paginator"]
        title = "What councils did"
        context.update(
            page_title=title,
            breadcrumbs=breadcrumbs(title=title),
            filter=filterset,
            form=filterset.form,
            page_range=paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        )
        return context
