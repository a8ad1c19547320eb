from django.urls import include, path

from . import views
from .models import SIGNATORY_GUIDE_SLUG

app_name = "toolkit"

# The county services: the public list, and the policy team's pages.
service_patterns = [
    path("", views.CountyServiceListView.as_view(), name="services"),
    path("new/", views.CountyServiceCreateView.as_view(), name="service-create"),
    path("<slug:slug>/edit/", views.CountyServiceEditView.as_view(), name="service-edit"),
]

# A resource's pages: the policy team's, its attachment, then its public page ("").
resource_patterns = [
    path("edit/", views.ResourceEditView.as_view(), name="edit"),
    path("history/", views.ResourceHistoryView.as_view(), name="history"),
    path("attachment/", views.AttachmentView.as_view(), name="attachment"),
    path("", views.ResourceDetailView.as_view(), name="resource"),
]

# Fixed prefixes come before "<slug:slug>/", which must stay last.
urlpatterns = [
    path("", views.ResourceListView.as_view(), name="list"),
    path(
        f"{SIGNATORY_GUIDE_SLUG}/",
        views.ResourceDetailView.as_view(),
        {"slug": SIGNATORY_GUIDE_SLUG},
        name="signatory-guide",
    ),
    path("county-services/", include(service_patterns)),
    path("manage/", views.ManageView.as_view(), name="manage"),
    path("new/", views.ResourceCreateView.as_view(), name="create"),
    path("<slug:slug>/", include(resource_patterns)),
]
