from django.urls import path

from . import views
from .models import SIGNATORY_GUIDE_SLUG

app_name = "toolkit"

# Fixed prefixes come before "<slug:slug>/", which must stay last.
urlpatterns = [
    path("", views.ResourceListView.as_view(), name="list"),
    path(
        f"{SIGNATORY_GUIDE_SLUG}/",
        views.ResourceDetailView.as_view(),
        {"slug": SIGNATORY_GUIDE_SLUG},
        name="signatory-guide",
    ),
    path("county-services/", views.CountyServiceListView.as_view(), name="services"),
    path("county-services/new/", views.CountyServiceCreateView.as_view(), name="service-create"),
    path(
        "county-services/<slug:slug>/edit/",
        views.CountyServiceEditView.as_view(),
        name="service-edit",
    ),
    path("manage/", views.ManageView.as_view(), name="manage"),
    path("new/", views.ResourceCreateView.as_view(), name="create"),
    path("<slug:slug>/edit/", views.ResourceEditView.as_view(), name="edit"),
    path("<slug:slug>/history/", views.ResourceHistoryView.as_view(), name="history"),
    path("<slug:slug>/attachment/", views.AttachmentView.as_view(), name="attachment"),
    path("<slug:slug>/", views.ResourceDetailView.as_view(), name="resource"),
]
