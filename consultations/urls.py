from django.urls import include, path

from .views import manage, public, respond

app_name = "consultations"

# One consultation's pages: the policy team's, responding (for a council or for yourself), and
# "You said, we did", the draft consulted on and the responses as CSV; its public page ("")
# last.
consultation_patterns = [
    # The policy team's pages.
    path("edit/", manage.ConsultationEditView.as_view(), name="edit"),
    path("questions/new/", manage.QuestionSaveView.as_view(), name="question-create"),
    path("questions/<int:pk>/edit/", manage.QuestionEditView.as_view(), name="question-edit"),
    path("invite/", manage.InviteView.as_view(), name="invite"),
    path("responses/", manage.ResponsesView.as_view(), name="responses"),
    path("themes/new/", manage.ThemeSaveView.as_view(), name="theme-create"),
    path("themes/<int:pk>/edit/", manage.ThemeEditView.as_view(), name="theme-edit"),
    # Responding: for a council, or for yourself.
    path("respond/", respond.RespondStartView.as_view(), name="respond-start"),
    path("respond/yourself/", respond.IndividualRespondView.as_view(), name="respond-individual"),
    path("respond/<slug:slug>/", respond.CouncilRespondView.as_view(), name="respond"),
    # The draft consulted on, "You said, we did" and the responses as CSV.
    path("draft/", public.ConsultationDraftView.as_view(), name="draft"),
    path("responses.csv", public.ResponsesDownloadView.as_view(), name="responses-csv"),
    path("", public.ConsultationDetailView.as_view(), name="detail"),
]

# Fixed prefixes ("manage/", "new/") come before "<slug:consultation>/".
urlpatterns = [
    path("", public.ConsultationListView.as_view(), name="list"),
    # The policy team's pages.
    path("manage/", manage.ManageView.as_view(), name="manage"),
    path("new/", manage.ConsultationCreateView.as_view(), name="create"),
    path("<slug:consultation>/", include(consultation_patterns)),
]
