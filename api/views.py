"""The read-only API (``/api/v1/``): one viewset per public dataset.

Every response states the licence (a ``Link`` header with ``rel="license"``, and ``licence`` in
every list), lists are in pages with a stable order, and GETs carry an ``ETag`` and
``Last-Modified`` that change with every write, so a client polls with ``If-None-Match`` and
gets a 304 (``ui.cache.conditional``). Anonymous answers come from the shared page cache until
the next write, as the public pages do. No authentication: everyone, signed in or not, gets
the same public data.
"""

from django.contrib.auth.decorators import login_not_required
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from actions.filters import ActionPlanFilter
from actions.models import ActionItem, ActionUpdate
from commitments.models import CharterVersion, Commitment, DataLicence
from councils.filters import CouncilFilter
from councils.forms.progress import ProgressDownloadForm
from councils.models import Council, ProgressReport, Signature
from ui.cache import conditional, every_page_group, public_page

from . import serializers
from .filters import ActionUpdateFilter, SignatureFilter


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """What every dataset's views share: public, cached, conditional, stating the licence."""

    lookup_value_converter = "int"
    # Query parameters read besides the filterset's and the pagination's: the page cache keys
    # on exactly these, and the view sees no others (``ui.cache.public_page``).
    extra_reads: tuple[str, ...] = ()

    @classmethod
    def query_reads(cls) -> list[str]:
        """The query parameters this dataset's views read: its filters, ``page``,
        ``page_size`` and ``format``, and ``extra_reads``."""
        filters = getattr(cls, "filterset_class", None)
        return [
            "page",
            "page_size",
            "format",
            *cls.extra_reads,
            *(filters.base_filters if filters else ()),
        ]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        return login_not_required(
            public_page(groups=every_page_group(), reads=cls.query_reads())(conditional(view))
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.licence = DataLicence.objects.current()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        licence = getattr(self, "licence", None) or DataLicence()
        response["Link"] = licence.link_header()
        return response


@extend_schema_view(
    list=extend_schema(summary="Councils, filtered and sorted as the signatories directory"),
    retrieve=extend_schema(summary="One council, by its slug"),
)
class CouncilViewSet(OpenDataViewSet):
    """Every council of the register (current and ended), with its signatory status and GSS
    codes. Filters are the directory's (``q``, ``district``, ``kind``, ``status``,
    ``kind_confirmed``, ``sort``)."""

    serializer_class = serializers.CouncilSerializer
    filterset_class = CouncilFilter
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        return Council.objects.select_related(
            "district", "signed_version", "replaced_by"
        ).prefetch_related("codes")


@extend_schema_view(
    list=extend_schema(summary="Signatures of the charter, newest resolution first"),
    retrieve=extend_schema(summary="One signature, by its id"),
)
class SignatureViewSet(OpenDataViewSet):
    """Each council's signature of a charter version: the resolution's date and minute, and
    whether it was withdrawn. Who authorised or recorded it is not published here."""

    serializer_class = serializers.SignatureSerializer
    filterset_class = SignatureFilter

    def get_queryset(self):
        return Signature.objects.select_related("council", "version").order_by(
            "-resolution_date", "-pk"
        )


PROGRESS_PARAMETERS = [
    OpenApiParameter("period", str, description="A quarter, e.g. 2026-3 (all by default)"),
    OpenApiParameter("district", str, description="A district's slug"),
    OpenApiParameter("commitment", str, description="A commitment's key"),
]


@extend_schema_view(
    list=extend_schema(
        summary="Progress reports, newest period first", parameters=PROGRESS_PARAMETERS
    ),
    retrieve=extend_schema(summary="One progress report, by its id"),
)
class ProgressReportViewSet(OpenDataViewSet):
    """Councils' quarterly progress against each commitment, filtered as the progress
    downloads are (``period``, ``district``, ``commitment``)."""

    serializer_class = serializers.ProgressReportSerializer
    extra_reads = tuple(ProgressDownloadForm.base_fields)

    def get_queryset(self):
        return ProgressReport.objects.select_related(
            "council", "council__district", "commitment", "commitment__version"
        ).order_by("-period_year", "-period_quarter", "council__name", "commitment__order", "pk")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        commitments = list(Commitment.objects.current().order_by("order"))
        form = ProgressDownloadForm(self.request.query_params, commitments=commitments)
        if not form.is_valid():  # a 400 naming each filter and what is wrong with it
            raise ValidationError({name: errors for name, errors in form.errors.items()})
        return form.filter(queryset)


@extend_schema_view(
    list=extend_schema(summary="The public action plan, filtered as its page"),
    retrieve=extend_schema(summary="One action, by its reference (A-1, A-2, ...)"),
)
class ActionItemViewSet(OpenDataViewSet):
    """The working group's public action plan, in the plan's order. Filters are the plan's
    (``commitment``, ``status``, ``lead``, ``overdue``)."""

    serializer_class = serializers.ActionItemSerializer
    filterset_class = ActionPlanFilter
    lookup_field = "reference"
    lookup_value_converter = "action_ref"  # registered by actions/urls.py

    def get_queryset(self):
        return ActionItem.objects.public()

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).for_plan()


@extend_schema_view(
    list=extend_schema(summary="Updates to the public action plan, newest first"),
    retrieve=extend_schema(summary="One update, by its id"),
)
class ActionUpdateViewSet(OpenDataViewSet):
    """Dated progress updates on public actions, with any change of status. Who wrote them is
    not published."""

    serializer_class = serializers.ActionUpdateSerializer
    filterset_class = ActionUpdateFilter

    def get_queryset(self):
        return ActionUpdate.objects.public().select_related("item").newest_first()


@extend_schema_view(
    list=extend_schema(summary="Published charter versions and their sections, newest first"),
    retrieve=extend_schema(summary="One charter version, by its number"),
)
class CharterVersionViewSet(OpenDataViewSet):
    """The charter's published and superseded versions, each with its strategic aims,
    principles and commitments. Drafts are not published."""

    serializer_class = serializers.CharterVersionSerializer
    lookup_field = "number"

    def get_queryset(self):
        return CharterVersion.objects.public().with_contents().order_by("-number")
