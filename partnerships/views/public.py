"""The public pages of the register: partnerships (list, filters, downloads, each one), the
meetings calendar and its iCalendar feeds, and the scrutiny programme. Anyone may read them;
risks not marked public show only to the policy team."""

import datetime

import icalendar
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, View

from councils.permissions import may
from ui import views as ui_views
from ui.cache import ACTIONS, CHARTER, COUNCILS, PARTNERSHIPS, public_page
from ui.downloads import RecordDownloadView
from ui.views import titled

from ..filters import PartnershipFilter
from ..models import (
    Meeting,
    MeetingPaper,
    MeetingSeries,
    Partnership,
    Risk,
    ScrutinyReview,
    risk_matrix,
)
from ..schemas import PARTNERSHIP

REGISTER_TITLE = "Partnerships"
MEETINGS_TITLE = "Meetings calendar"
SCRUTINY_TITLE = "Scrutiny of partnerships"
UPCOMING_SHOWN = 5  # meetings of a series on a partnership's page
PAGE_SIZE = 50


class PagedListMixin(ui_views.PagedListMixin):
    """The register's lists: ``PAGE_SIZE`` a page (see ``ui.views.PagedListMixin``)."""

    paginate_by = PAGE_SIZE


class RegisterFilterMixin(ui_views.FilteredListMixin):
    filter_class = PartnershipFilter

    def base_queryset(self):
        return Partnership.objects.all()

    def get_queryset(self):
        return super().get_queryset().for_list().order_by("name")


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(
        groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS],
        reads=[*PartnershipFilter.base_filters, "page"],
    ),
    name="get",
)
class PartnershipListView(RegisterFilterMixin, PagedListMixin, ListView):
    template_name = "partnerships/list.html"
    context_object_name = "partnerships"

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        return super().get_context_data(
            **titled(REGISTER_TITLE),
            filterset=filterset,
            form=filterset.form,
            query=self.filter_query(),
            manages=may(self.request.user, "partnerships.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class PartnershipDownloadView(RegisterFilterMixin, RecordDownloadView):
    """The register, with the same filters, as CSV or JSON (``partnerships.schemas``)."""

    schema = PARTNERSHIP
    filename = "partnerships"
    json_key = "partnerships"

    def get_download_queryset(self):
        return (
            self.get_filterset()
            .qs.select_related("lead_council", "lead_organisation", "parent")
            .prefetch_related("member_councils", "member_organisations", "commitments")
            .order_by("name")
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS]), name="get")
class PartnershipDetailView(DetailView):
    template_name = "partnerships/detail.html"
    context_object_name = "partnership"

    def get_queryset(self):
        return Partnership.objects.for_page()

    def get_context_data(self, **kwargs):
        p = self.object
        manages = may(self.request.user, "partnerships.manage")
        risks = list(
            Risk.objects.visible_to(self.request.user)
            .open()
            .filter(partnership=p)
            .prefetch_related("mitigating_actions")
        )
        upcoming = list(
            Meeting.objects.upcoming()
            .filter(series__partnership=p)
            .select_related("series")[:UPCOMING_SHOWN]
        )
        return super().get_context_data(
            **titled(p.name, (REGISTER_TITLE, reverse("partnerships:list"))),
            manages=manages,
            risks=risks,
            matrix=risk_matrix(risks),
            upcoming=upcoming,
            **kwargs,
        )


# --- Meetings --------------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS], reads=["when", "page"]),
    name="get",
)
class MeetingCalendarView(PagedListMixin, ListView):
    """Meetings to come, soonest first (``?when=past``: those held, latest first)."""

    template_name = "partnerships/meetings.html"
    context_object_name = "meetings"

    def past(self) -> bool:
        return self.request.GET.get("when") == "past"

    def get_queryset(self):
        now = timezone.now()
        meetings = Meeting.objects.select_related("series")
        if self.past():
            return meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return meetings.upcoming(now)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(MEETINGS_TITLE),
            past=self.past(),
            series_list=MeetingSeries.objects.order_by("name"),
            manages=may(self.request.user, "partnerships.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS]), name="get")
class MeetingDetailView(DetailView):
    template_name = "partnerships/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.select_related("series", "series__partnership").prefetch_related(
            "councils_attending", "organisations_attending", "actions_arising", "papers"
        )

    def get_context_data(self, **kwargs):
        m = self.object
        return super().get_context_data(
            page_title=str(m),
            breadcrumbs=ui_views.breadcrumbs(
                (MEETINGS_TITLE, reverse("partnerships:meetings")),
                (m.series.name, m.series.get_absolute_url()),
                title=f"{timezone.localtime(m.starts_at):%-d %B %Y}",
            ),
            manages=may(self.request.user, "partnerships.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS], reads=["page"]), name="get"
)
class SeriesDetailView(PagedListMixin, ListView):
    template_name = "partnerships/series_detail.html"
    context_object_name = "meetings"

    def get_series(self):
        if not hasattr(self, "series"):
            self.series = get_object_or_404(
                MeetingSeries.objects.select_related("partnership"), slug=self.kwargs["slug"]
            )
        return self.series

    def get_queryset(self):
        return Meeting.objects.filter(series=self.get_series()).select_related("series")

    def get_context_data(self, **kwargs):
        s = self.get_series()
        return super().get_context_data(
            **titled(s.name, (MEETINGS_TITLE, reverse("partnerships:meetings"))),
            series=s,
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class PaperDownloadView(View):
    """An uploaded paper, always as a download (never shown inline: it is someone's file)."""

    def get(self, request, pk, paper):
        paper = get_object_or_404(MeetingPaper.objects.exclude(file=""), pk=paper, meeting_id=pk)
        name = paper.file.name.rsplit("/", 1)[-1]
        return FileResponse(paper.file.open("rb"), as_attachment=True, filename=name)


# The feeds hold the meetings of the last year and every meeting to come: a calendar app that
# subscribes keeps what it already has, and the feed stays the same size year on year.
FEED_PAST_DAYS = 366


def calendar_response(name: str, meetings, *, filename: str) -> HttpResponse:
    """An iCalendar (RFC 5545) file of ``meetings``, made with the ``icalendar`` library."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Oxfordshire Councils Charter//Partnerships meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "charter"
    for m in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{m.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", m.starts_at)
        event.add("dtend", m.ends_at)
        event.add("summary", m.display_title)
        if m.location:
            event.add("location", m.location)
        if m.agenda:
            event.add("description", m.agenda)
        event.add("url", settings.SITE_URL + m.get_absolute_url())
        event.add("status", "CANCELLED" if m.is_cancelled else "CONFIRMED")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _feed_meetings():
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        Meeting.objects.filter(ends_at__gte=since)
        .select_related("series")
        .order_by("starts_at", "pk")
    )


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    def get(self, request):
        return calendar_response(
            "Oxfordshire partnerships and liaison meetings",
            _feed_meetings().iterator(chunk_size=500),
            filename="meetings.ics",
        )


@method_decorator(login_not_required, name="dispatch")
class SeriesFeedView(View):
    def get(self, request, slug):
        series = get_object_or_404(MeetingSeries, slug=slug)
        return calendar_response(
            series.name, _feed_meetings().filter(series=series), filename=f"{series.slug}.ics"
        )


# --- Scrutiny --------------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS], reads=["page"]), name="get"
)
class ScrutinyProgrammeView(PagedListMixin, ListView):
    """The annual programmes of scrutiny reviews, latest first."""

    template_name = "partnerships/scrutiny.html"
    context_object_name = "reviews"

    def get_queryset(self):
        return ScrutinyReview.objects.for_list().order_by("-programme_year", "starts_on", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(SCRUTINY_TITLE),
            manages=may(self.request.user, "partnerships.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS]), name="get")
class ScrutinyDetailView(DetailView):
    template_name = "partnerships/scrutiny_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        from commitments.models import Commitment

        return ScrutinyReview.objects.prefetch_related(
            "partnerships",
            Prefetch("commitments", queryset=Commitment.objects.select_related("version")),
        )

    def get_context_data(self, **kwargs):
        r = self.object
        return super().get_context_data(
            **titled(r.title, (SCRUTINY_TITLE, reverse("partnerships:scrutiny"))),
            manages=may(self.request.user, "partnerships.manage"),
            **kwargs,
        )
