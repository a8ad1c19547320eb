from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.decorators.http import require_safe

from .views import manage, public


class ReferenceConverter:
    """An action's reference, A-1, A-2, ..."""

    regex = r"A-[1-9][0-9]*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(ReferenceConverter, "action_ref")

app_name = "actions"

# An item's pages: the policy team's, then its public page ("").
item_patterns = [
    path("edit/", manage.ItemEditView.as_view(), name="edit"),
    path("updates/new/", manage.UpdateCreateView.as_view(), name="update-create"),
    path("close/", manage.ItemCloseView.as_view(), name="close"),
    path("move/", manage.ItemMoveView.as_view(), name="move"),
    path("history/", manage.ItemHistoryView.as_view(), name="history"),
    path("", public.ItemDetailView.as_view(), name="detail"),
]

urlpatterns = [
    # The public plan, its downloads and feed.
    path("", public.PlanView.as_view(), name="plan"),
    path("plan.csv", public.PlanDownloadView.as_view(kind="csv"), name="download-csv"),
    path("plan.json", public.PlanDownloadView.as_view(kind="json"), name="download-json"),
    path("feed/", login_not_required(require_safe(public.ActionUpdatesFeed())), name="feed"),
    # The policy team's pages.
    path("manage/", manage.ManageListView.as_view(), name="manage"),
    path("new/", manage.ItemCreateView.as_view(), name="create"),
    path("<action_ref:reference>/", include(item_patterns)),
]
