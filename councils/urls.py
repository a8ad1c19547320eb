from django.urls import path

from .views import public

app_name = "councils"

# Each area of the councils app keeps its own section. Fixed prefixes ("yours/", "policy/",
# "download/", ...) come before the council pages, whose "<slug:slug>/" must stay last.
urlpatterns = [
    # --- The public directory, downloads and feed (public.py) ---
    path("", public.DirectoryView.as_view(), name="directory"),
    # --- Clerks: accounts, confirmation, signing (clerks.py, signing.py) ---
    # --- Progress reports (progress.py) ---
    # --- The policy team's pages (policy.py) ---
    # --- A council's own pages: keep last ---
    path("<slug:slug>/", public.CouncilDetailView.as_view(), name="detail"),
]
