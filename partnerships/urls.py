from django.urls import include, path

from .views import manage, public, reports

app_name = "partnerships"

# The meetings calendar, one meeting's pages and papers, and the policy team's.
meeting_patterns = [
    path("", public.MeetingCalendarView.as_view(), name="meetings"),
    path("calendar.ics", public.CalendarFeedView.as_view(), name="meetings-ics"),
    path("new/", manage.MeetingCreateView.as_view(), name="meeting-create"),
    path("<int:pk>/", public.MeetingDetailView.as_view(), name="meeting"),
    path("<int:pk>/edit/", manage.MeetingEditView.as_view(), name="meeting-edit"),
    path("<int:pk>/papers/<int:paper>/", public.PaperDownloadView.as_view(), name="meeting-paper"),
    path("<int:pk>/papers/new/", manage.PaperCreateView.as_view(), name="meeting-paper-add"),
]

# The scrutiny programme and its reviews.
scrutiny_patterns = [
    path("", public.ScrutinyProgrammeView.as_view(), name="scrutiny"),
    path("new/", manage.ScrutinyCreateView.as_view(), name="scrutiny-create"),
    path("<slug:slug>/", public.ScrutinyDetailView.as_view(), name="scrutiny-detail"),
    path("<slug:slug>/edit/", manage.ScrutinyEditView.as_view(), name="scrutiny-edit"),
]

# The frozen quarterly and annual reports.
report_patterns = [
    path("", reports.ReportListView.as_view(), name="reports"),
    path("<slug:slug>/", reports.ReportDetailView.as_view(), name="report"),
    path(
        "<slug:slug>/report.csv",
        reports.ReportDownloadView.as_view(kind="csv"),
        name="report-csv",
    ),
    path(
        "<slug:slug>/report.json",
        reports.ReportDownloadView.as_view(kind="json"),
        name="report-json",
    ),
    path("<slug:slug>/notes/new/", reports.ReportNoteView.as_view(), name="report-note"),
]

# A partnership's pages: the policy team's, then its public page ("").
partnership_patterns = [
    path("edit/", manage.PartnershipEditView.as_view(), name="edit"),
    path("review/", manage.ReviewCreateView.as_view(), name="review"),
    path("history/", manage.PartnershipHistoryView.as_view(), name="history"),
    path("risks/new/", manage.RiskCreateView.as_view(), name="risk-create"),
    path("", public.PartnershipDetailView.as_view(), name="detail"),
]

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
    path("meetings/", include(meeting_patterns)),
    path("series/<slug:slug>/", public.SeriesDetailView.as_view(), name="series"),
    path("series/<slug:slug>/calendar.ics", public.SeriesFeedView.as_view(), name="series-ics"),
    path("scrutiny/", include(scrutiny_patterns)),
    path("reports/", include(report_patterns)),
    # The policy team's pages.
    path("manage/", manage.ManageView.as_view(), name="manage"),
    path("manage/reminders/", manage.RemindersView.as_view(), name="reminders"),
    path("new/", manage.PartnershipCreateView.as_view(), name="create"),
    path("bodies/new/", manage.OrganisationCreateView.as_view(), name="organisation-create"),
    path("risks/<int:pk>/edit/", manage.RiskEditView.as_view(), name="risk-edit"),
    path("<slug:slug>/", include(partnership_patterns)),
]
