from django.urls import path

from .views import manage, public, respond

app_name = "consultations"

# Fixed prefixes ("manage/", "new/") come before "<slug:consultation>/".
urlpatterns = [
    path("", public.ConsultationListView.as_view(), name="list"),
    # The policy team's pages.
    path("manage/", manage.ManageView.as_view(), name="manage"),
    path("new/", manage.ConsultationCreateView.as_view(), name="create"),
    path("<slug:consultation>/edit/", manage.ConsultationEditView.as_view(), name="edit"),
    path(
        "<slug:consultation>/questions/new/",
        manage.QuestionSaveView.as_view(),
        name="question-create",
    ),
    path(
        "<slug:consultation>/questions/<int:pk>/edit/",
        manage.QuestionEditView.as_view(),
        name="question-edit",
    ),
    path("<slug:consultation>/invite/", manage.InviteView.as_view(), name="invite"),
    path("<slug:consultation>/responses/", manage.ResponsesView.as_view(), name="responses"),
    path("<slug:consultation>/themes/new/", manage.ThemeSaveView.as_view(), name="theme-create"),
    path(
        "<slug:consultation>/themes/<int:pk>/edit/",
        manage.ThemeEditView.as_view(),
        name="theme-edit",
    ),
    # Responding: for a council, or for yourself.
    path("<slug:consultation>/respond/", respond.RespondStartView.as_view(), name="respond-start"),
    path(
        "<slug:consultation>/respond/yourself/",
        respond.IndividualRespondView.as_view(),
        name="respond-individual",
    ),
    path(
        "<slug:consultation>/respond/<slug:slug>/",
        respond.CouncilRespondView.as_view(),
        name="respond",
    ),
    # "You said, we did" and the responses as CSV.
    path(
        "<slug:consultation>/responses.csv",
        public.ResponsesDownloadView.as_view(),
        name="responses-csv",
    ),
    path("<slug:consultation>/", public.ConsultationDetailView.as_view(), name="detail"),
]
