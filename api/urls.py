"""The API's addresses, under ``/api/v1/`` (``charter_portal/urls.py``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

import actions.urls  # noqa: F401 - registers the "action_ref" converter used below
from ui.cache import conditional, every_page_group, public_page

from . import views

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False  # one address per resource: JSON is the only format

    def get_api_root_view(self, api_urls=None):
        return login_not_required(super().get_api_root_view(api_urls))


router = Router(use_regex_path=False)
router.register("councils", views.CouncilViewSet, basename="council")
router.register("signatures", views.SignatureViewSet, basename="signature")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")
router.register("action-items", views.ActionItemViewSet, basename="action-item")
router.register("action-updates", views.ActionUpdateViewSet, basename="action-update")
router.register("charter-versions", views.CharterVersionViewSet, basename="charter-version")

urlpatterns = [
    path(
        "schema/",
        # Generated once per write at most: from the shared page cache, with an ETag.
        login_not_required(
            public_page(groups=every_page_group())(conditional(SpectacularJSONAPIView.as_view()))
        ),
        name="schema",
    ),
    *router.urls,
]
