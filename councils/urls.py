from django.urls import path

from .views import public

app_name = "councils"

urlpatterns = [
    path("", public.DirectoryView.as_view(), name="directory"),
    path("<slug:slug>/", public.CouncilDetailView.as_view(), name="detail"),
]
