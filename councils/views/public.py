"""Public pages of the register: the signatories directory, its downloads, and a council's page."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView, View

from commitments.models import DataLicence
from ui.cache import CHARTER, COUNCILS, PROGRESS, public_page
from ui.downloads import csv_response, json_response
from ui.records import DOWNLOAD
from ui.views import breadcrumbs, page_range

from ..filters import CouncilFilter
from ..forms.register import correction_labels
from ..models import Council, CouncilCode, LinkCheck
from ..permissions import may
from ..schemas import COUNCIL
from .mixins import signatories_crumbs
from .recognition import badge_snippet

HISTORY_SHOWN = 10
# The directory shows how many have signed in each district while there are this many
# districts or fewer (Oxfordshire has 5); beyond, it links to a page of their own, so that the
# directory stays the same size at any scale (305 districts were 120 KB of each page).
DISTRICTS_SHOWN_INLINE = 20


class DirectoryFilterMixin:
    """The directory's councils, filtered, searched and sorted by the query string."""

    def get_filterset(self) -> CouncilFilter:
        if not hasattr(self, "filterset"):
            self.filterset = CouncilFilter(
                self.request.GET, queryset=Council.objects.for_directory(), request=self.request
            )
        return self.filterset


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS]), name="get")
class SignatoriesByDistrictView(TemplateView):
    """How many councils have signed in each district: every district, on a page of its own."""

    template_name = "councils/signatories_by_district.html"

    def get_context_data(self, **kwargs):
        title = "Signatories by district"
        return super().get_context_data(
            page_title=title,
            breadcrumbs=signatories_crumbs((title, None)),
            district_counts=Council.objects.current().counts_by_district(),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[CHARTER, COUNCILS, PROGRESS], reads=[*CouncilFilter.base_filters, "page"]),
    name="get",
)
class DirectoryView(DirectoryFilterMixin, ListView):
    template_name = "councils/directory.html"
    context_object_name = "councils"
    paginate_by = 50

    def get_queryset(self):
        return self.get_filterset().qs

    def paginate_queryset(self, queryset, page_size):
        """An out-of-range or nonsense page shows the nearest page, with a message, not a 404."""
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg, "")
        page = paginator.get_page(asked or 1)
        try:
            wanted = int(asked)
        except ValueError:
            wanted = None
        if asked and wanted != page.number:
            if wanted is None:
                message = f"The page number must be a whole number: this is page {page.number}."
            else:
                message = (
                    f"There is no page {asked:.10}: this is page {page.number} "
                    f"of {paginator.num_pages}."
                )
            self.get_filterset().form.add_error(None, message)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.get_filterset()
        page = context["page_obj"]
        current = Council.objects.current()
        counts = current.status_counts()
        district_counts = current.counts_by_district()
        query = urlencode(filterset.applied())
        context.update(
            page_title="Signatories",
            breadcrumbs=breadcrumbs(title="Signatories"),
            filter=filterset,
            form=filterset.form,
            council_count=sum(counts.values()),
            signed_count=counts[Council.Status.SIGNED],
            status_counts=[(label, counts[value]) for value, label in Council.Status.choices],
            district_counts=district_counts
            if len(district_counts) <= DISTRICTS_SHOWN_INLINE
            else None,
            district_total=sum(1 for row in district_counts if row["value"]),
            kind_counts=current.counts_by_kind(),
            page_range=page_range(page),
            download_query=f"?{query}" if query else "",
        )
        return context


def council_record(council: Council) -> dict:
    """What the downloads say about a council (``councils.schemas.COUNCIL``): the public
    register, no clerk's personal data."""
    return COUNCIL.record(council)


@method_decorator(login_not_required, name="dispatch")
class DirectoryDownloadView(DirectoryFilterMixin, View):
    """The directory with the current filters applied, as a file. A bad filter is a 400 that
    says what is wrong, so that a download never silently ignores it."""

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        if not filterset.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()
            )
            return HttpResponse(
                f"Check the filters: {problems}", status=400, content_type="text/plain"
            )
        councils = filterset.qs.prefetch_related("codes")
        return self.render_download(filterset, (council_record(c) for c in councils))

    def render_download(self, filterset, records):
        raise NotImplementedError


def council_rows(councils):
    """The councils' download records (``council_record``'s dicts, GSS codes a list), from
    plain values: one query for the councils, streamed, and one for their GSS codes; no model
    instances and no ``reverse()`` per council (the whole directory in under a second).
    ``COUNCIL.csv_rows`` makes them CSV rows.
    """
    codes = defaultdict(list)
    for council_id, code in (
        CouncilCode.objects.filter(council__in=councils.values("pk"))
        .order_by("code")
        .values_list("council_id", "code")
    ):
        codes[council_id].append(code)
    before, after = reverse("councils:detail", kwargs={"slug": "SLUG"}).split("SLUG")
    page = f"{settings.SITE_URL}{before}"
    values = councils.values_list(
        "pk",
        "name",
        "slug",
        "kind",
        "kind_confirmed",
        "district__name",
        "website",
        "status",
        "signed_on",
        "signed_version__number",
    )
    for (
        pk,
        name,
        slug,
        kind,
        confirmed,
        district,
        website,
        status,
        signed_on,
        version,
    ) in values.iterator(chunk_size=2000):
        yield {
            "name": name,
            "page": f"{page}{slug}{after}",
            "gss_codes": codes.get(pk, []),
            "kind": kind,
            "kind_confirmed": confirmed,
            "district": district,
            "website": website,
            "status": status,
            "signed_on": signed_on,
            "charter_version": version,
        }


class DirectoryCsvView(DirectoryDownloadView):
    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        if not filterset.is_valid():
            return super().get(request, *args, **kwargs)  # the 400 that says what is wrong
        return csv_response(
            "signatories.csv",
            COUNCIL.names(DOWNLOAD),
            COUNCIL.csv_rows(council_rows(filterset.qs)),
            licence=DataLicence.objects.current(),
        )


class DirectoryJsonView(DirectoryDownloadView):
    def render_download(self, filterset, records):
        councils = list(records)
        return json_response(
            "signatories.json",
            {
                "source": f"{settings.SITE_URL}{reverse('councils:directory')}",
                "filters": filterset.applied(),
                "count": len(councils),
                "councils": councils,
            },
            licence=DataLicence.objects.current(),
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS, PROGRESS]), name="get")
class CouncilDetailView(DetailView):
    """A council's page. Each area of the app adds its panel as a partial in the template and
    its context in ``get_context_data`` (one marked line each)."""

    template_name = "councils/council_detail.html"
    context_object_name = "council"

    def get_queryset(self):
        return Council.objects.select_related(
            "district", "signed_version", "replaced_by"
        ).prefetch_related("codes", "replaced")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            page_title=self.object.name,
            breadcrumbs=signatories_crumbs((self.object.name, None)),
            **kwargs,
        )
        context.update(self.register_context())
        # --- Signatures panel (signing): context.update(...) here ---
        context.update(badge=badge_snippet(self.object))  # the badge to copy (recognition)
        # --- Progress panel (progress): context.update(...) here ---
        # --- Links not working (link checks): shown after LinkCheck.PUBLIC_AFTER failures ---
        context["broken_links"] = list(
            LinkCheck.objects.broken_in_public().filter(council=self.object)
        )
        return context

    def register_context(self) -> dict:
        council = self.object
        shows_history = may(self.request.user, "council.see_history", council)
        return {
            "corrected": correction_labels(council.corrected_fields),
            "council_history": (
                council.history.select_related("history_user")[:HISTORY_SHOWN]
                if shows_history
                else None
            ),
        }
