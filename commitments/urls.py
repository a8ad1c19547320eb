from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.CharterView.as_view(), name="charter"),
    path("versions/", views.VersionListView.as_view(), name="version-list"),
    path("versions/compare/", views.VersionCompareView.as_view(), name="version-compare"),
    path("versions/<int:number>/", views.VersionDetailView.as_view(), name="version-detail"),
    path("principles/<slug:key>/", views.PrincipleDetailView.as_view(), name="principle-detail"),
    path("commitments/<slug:key>/", views.CommitmentDetailView.as_view(), name="commitment-detail"),
]
