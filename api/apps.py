from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open data: the read-only API under /api/v1/, the bulk download and the "Data and API"
    page. The top floor beside ``charter_portal``: it reads councils, commitments and actions;
    nothing but ``charter_portal/urls.py`` imports it."""

    name = "api"
    verbose_name = "Open data"
