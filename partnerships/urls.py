from django.urls import path

from .views import manage, public, reports

app_name = "partnerships"

# Fixed prefixes ("meetings/", "scrutiny/", "manage/", ...) come before "<slug:slug>/", which
# must stay last.
urlpatterns = [
    # The public register, its downloads, the calendar and its feeds, the scrutiny programme.
    path("", public.PartnershipListView.as_view(), name="list"),
    path(
        "partnerships.csv", public.PartnershipDownloadView.as_view(kind="csv"), name="download-csv"
    ),
    path(
        "partnerships.json",
        public.PartnershipDownloadView.as_view(kind="json"),
        name="download-json",
    ),
    path("meetings/", public.MeetingCalendarView.as_view(), name="meetings"),
    path("meetings/calendar.ics", public.CalendarFeedView.as_view(), name="meetings-ics"),
    path("meetings/new/", manage.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", public.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/edit/", manage.MeetingEditView.as_view(), name="meeting-edit"),
    path(
        "meetings/<int:pk>/papers/<int:paper>/",
        public.PaperDownloadView.as_view(),
        name="meeting-paper",
    ),
    path(
        "meetings/<int:pk>/papers/new/", manage.PaperCreateView.as_view(), name="meeting-paper-add"
    ),
    path("series/<slug:slug>/", public.SeriesDetailView.as_view(), name="series"),
    path("series/<slug:slug>/calendar.ics", public.SeriesFeedView.as_view(), name="series-ics"),
    path("scrutiny/", public.ScrutinyProgrammeView.as_view(), name="scrutiny"),
    path("scrutiny/new/", manage.ScrutinyCreateView.as_view(), name="scrutiny-create"),
    path("scrutiny/<slug:slug>/", public.ScrutinyDetailView.as_view(), name="scrutiny-detail"),
    path("scrutiny/<slug:slug>/edit/", manage.ScrutinyEditView.as_view(), name="scrutiny-edit"),
    # The frozen quarterly and annual reports.
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<slug:slug>/", reports.ReportDetailView.as_view(), name="report"),
    path(
        "reports/<slug:slug>/report.csv",
        reports.ReportDownloadView.as_view(kind="csv"),
        name="report-csv",
    ),
    path(
        "reports/<slug:slug>/report.json",
        reports.ReportDownloadView.as_view(kind="json"),
        name="report-json",
    ),
    path("reports/<slug:slug>/notes/new/", reports.ReportNoteView.as_view(), name="report-note"),
    # The policy team's pages.
    path("manage/", manage.ManageView.as_view(), name="manage"),
    path("manage/reminders/", manage.RemindersView.as_view(), name="reminders"),
    path("new/", manage.PartnershipCreateView.as_view(), name="create"),
    path("bodies/new/", manage.OrganisationCreateView.as_view(), name="organisation-create"),
    path("risks/<int:pk>/edit/", manage.RiskEditView.as_view(), name="risk-edit"),
    path("<slug:slug>/edit/", manage.PartnershipEditView.as_view(), name="edit"),
    path("<slug:slug>/review/", manage.ReviewCreateView.as_view(), name="review"),
    path("<slug:slug>/history/", manage.PartnershipHistoryView.as_view(), name="history"),
    path("<slug:slug>/risks/new/", manage.RiskCreateView.as_view(), name="risk-create"),
    # A partnership's public page.
    path("<slug:slug>/", public.PartnershipDetailView.as_view(), name="detail"),
]
