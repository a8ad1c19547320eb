from django.urls import path

from .feeds import SignatoriesFeed
from .views import public, register

app_name = "councils"

# Each area of the councils app keeps its own section. Fixed prefixes ("yours/", "policy/",
# "download/", ...) come before the council pages, whose "<slug:slug>/" must stay last.
urlpatterns = [
    # --- The public directory, downloads and feed (public.py) ---
    path("", public.DirectoryView.as_view(), name="directory"),
    path("download/signatories.csv", public.DirectoryCsvView.as_view(), name="directory-csv"),
    path("download/signatories.json", public.DirectoryJsonView.as_view(), name="directory-json"),
    path("feed/", SignatoriesFeed(), name="signatories-feed"),
    # --- Clerks: accounts, confirmation, signing (clerks.py, signing.py) ---
    # --- Progress reports (progress.py) ---
    # --- The policy team's pages (policy.py) ---
    # --- A council's own pages: keep last ---
    path("<slug:slug>/correct/", register.CouncilCorrectView.as_view(), name="correct"),
    path("<slug:slug>/", public.CouncilDetailView.as_view(), name="detail"),
]
