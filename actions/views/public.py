"""The public action plan: the list with its filters, each item's page, downloads and feed."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape, linebreaks
from django.views.generic import DetailView, ListView

from commitments.feeds import LicensedFeed
from commitments.models import DataLicence
from councils.permissions import may
from ui.cache import ACTIONS, CHARTER, COUNCILS, public_page
from ui.downloads import RecordDownloadView
from ui.views import FilteredListMixin, PagedListMixin, breadcrumbs

from ..filters import ActionPlanFilter
from ..models import ActionItem, ActionUpdate
from ..schemas import ACTION_ITEM


class PlanFilterMixin(FilteredListMixin):
    """The public items, filtered by the GET parameters."""

    filter_class = ActionPlanFilter

    def base_queryset(self):
        return ActionItem.objects.public()

    def get_queryset(self):
        return super().get_queryset().for_plan()


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(
        groups=[CHARTER, COUNCILS, ACTIONS], reads=[*ActionPlanFilter.base_filters, "page"]
    ),
    name="get",
)
class PlanView(PlanFilterMixin, PagedListMixin, ListView):
    template_name = "actions/plan.html"
    context_object_name = "items"
    paginate_by = 50  # a page of the plan at a time, whatever its size

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        return super().get_context_data(
            page_title="Action plan",
            breadcrumbs=breadcrumbs(title="Action plan"),
            filterset=filterset,
            form=filterset.form,
            query=self.filter_query(),
            manages_plan=may(self.request.user, "action_plan.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS, ACTIONS]), name="get")
class ItemDetailView(DetailView):
    template_name = "actions/item_detail.html"
    context_object_name = "item"
    slug_field = "reference"
    slug_url_kwarg = "reference"

    def get_queryset(self):
        return ActionItem.objects.visible_to(self.request.user).with_timeline()

    def get_context_data(self, **kwargs):
        item = self.object
        return super().get_context_data(
            page_title=f"{item.reference}: {item.title}",
            breadcrumbs=breadcrumbs(("Action plan", reverse("actions:plan")), title=item.reference),
            manages_plan=may(self.request.user, "action_plan.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class PlanDownloadView(PlanFilterMixin, RecordDownloadView):
    """The public plan, with the same filters, as CSV or JSON."""

    schema = ACTION_ITEM
    filename = "action-plan"
    json_key = "actions"

    def get_download_queryset(self):
        return self.get_queryset()

    def get_licence(self):
        return DataLicence.objects.current()


class ActionUpdatesFeed(LicensedFeed):
    """Updates to the public action plan, newest first (Atom)."""

    title = "Oxfordshire Councils Charter: action plan updates"
    subtitle = "Progress updates and status changes on the working group's action plan."
    limit = 50

    # Links are made absolute with SITE_URL, not the sites framework's domain.
    def link(self):
        return settings.SITE_URL + reverse("actions:plan")

    def feed_url(self):
        return settings.SITE_URL + reverse("actions:feed")

    def items(self):
        return ActionUpdate.objects.for_feed()[: self.limit]

    def item_title(self, update):
        # Plain text in an Atom <title>: the feed generator escapes it as XML.
        title = f"{update.item.reference}: {update.item.title}"
        if update.changes_status:
            title += f" ({update.get_status_to_display()})"
        return title

    def item_description(self, update):
        # Atom summaries are HTML: the text is escaped, then given paragraphs.
        text = linebreaks(escape(update.text))
        if update.changes_status:
            change = f"Status changed from {update.get_status_from_display()} to "
            text = f"<p>{escape(change + update.get_status_to_display())}.</p>" + text
        return text

    def item_link(self, update):
        return f"{settings.SITE_URL}{update.item.get_absolute_url()}#update-{update.pk}"

    def item_guid(self, update):
        # RFC 4287 4.2.6: an entry's id is an absolute IRI, the same for ever: its link.
        return self.item_link(update)

    def item_pubdate(self, update):
        return update.created_at

    def item_updateddate(self, update):
        return update.created_at
