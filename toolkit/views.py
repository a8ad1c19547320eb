"""The toolkit's pages: the public library of resources, a resource (and its attachment), the
county services directory; and the policy team's pages to write and edit them.

Public pages are in the shared page cache (``ui.cache.public_page``) and read a fixed number of
queries however many resources and services there are (a page of 50, ``body_html`` stored).
A draft is seen by the policy team only (a 404 for anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView, View

from councils.permissions import may
from councils.views.mixins import PolicyTeamRequiredMixin
from ui.cache import CHARTER, TOOLKIT, public_page
from ui.conflicts import ConflictViewMixin, EditConflict, seen_token
from ui.unsent import UnsentFormMixin
from ui.uploads import attachment_response
from ui.views import (
    FilteredListMixin,
    FormPageMixin,
    crumbs_under,
    form_errors_add,
    titled,
)
from ui.views import PagedListMixin as BasePagedListMixin

from . import services
from .forms import CountyServiceFilter, CountyServiceForm, ResourceFilter, ResourceForm
from .models import SIGNATORY_GUIDE_SLUG, CountyService, Resource

TOOLKIT_TITLE = "Toolkit for local councils"
SERVICES_TITLE = "Navigating the county"
MANAGE_TITLE = "Manage the toolkit"
PAGE_SIZE = 50


class PagedListMixin(BasePagedListMixin):
    """The toolkit's lists: ``PAGE_SIZE`` a page (see ``ui.views.PagedListMixin``)."""

    paginate_by = PAGE_SIZE


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[TOOLKIT, CHARTER], reads=[*ResourceFilter.base_filters, "page"]), name="get"
)
class ResourceListView(FilteredListMixin, PagedListMixin, ListView):
    """The toolkit: published resources, searched and filtered, 50 a page."""

    template_name = "toolkit/list.html"
    context_object_name = "resources"
    filter_class = ResourceFilter

    def base_queryset(self):
        return Resource.objects.published().for_list().order_by("title", "pk")

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        return super().get_context_data(
            **titled(TOOLKIT_TITLE),
            filterset=filterset,
            form=filterset.form,
            guide_slug=SIGNATORY_GUIDE_SLUG,
            manages=may(self.request.user, "toolkit.manage"),
            **kwargs,
        )


class VisibleResourceMixin:
    def get_queryset(self):
        if may(self.request.user, "toolkit.manage"):
            return Resource.objects.all()
        return Resource.objects.published()


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[TOOLKIT, CHARTER]), name="get")
class ResourceDetailView(VisibleResourceMixin, DetailView):
    """A resource: its text (stored as sanitised HTML), link, attachment and what it serves."""

    template_name = "toolkit/resource.html"
    context_object_name = "resource"

    def get_context_data(self, **kwargs):
        resource = self.object
        return super().get_context_data(
            **titled(resource.title, (TOOLKIT_TITLE, reverse("toolkit:list"))),
            principles=list(resource.principles.select_related("version").order_by("order")),
            commitments=list(resource.commitments.select_related("version").order_by("order")),
            manages=may(self.request.user, "toolkit.manage"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class AttachmentView(VisibleResourceMixin, View):
    """A resource's attachment, always as a download with the type checked at upload."""

    def get(self, request, slug):
        resource = get_object_or_404(self.get_queryset(), slug=slug)
        if not resource.attachment:
            raise Http404("This resource has no attachment.")
        return attachment_response(resource.attachment, filename=resource.attachment_name)


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[TOOLKIT], reads=[*CountyServiceFilter.base_filters, "page"]), name="get"
)
class CountyServiceListView(FilteredListMixin, PagedListMixin, ListView):
    """Navigating the county: the county's services for local councils, searchable, 50 a page."""

    template_name = "toolkit/services.html"
    context_object_name = "services"
    filter_class = CountyServiceFilter

    def base_queryset(self):
        return CountyService.objects.order_by("name", "pk")

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        return super().get_context_data(
            **titled(SERVICES_TITLE, (TOOLKIT_TITLE, reverse("toolkit:list"))),
            filterset=filterset,
            form=filterset.form,
            manages=may(self.request.user, "toolkit.manage"),
            **kwargs,
        )


# --- The policy team's pages ---------------------------------------------------------------


_manage_crumbs = crumbs_under(MANAGE_TITLE, "toolkit:manage", start="policy")


class ManageView(PolicyTeamRequiredMixin, PagedListMixin, ListView):
    """Every resource, drafts first, then by title."""

    template_name = "toolkit/manage.html"
    context_object_name = "resources"

    def get_queryset(self):
        return Resource.objects.for_list().order_by("status", "title", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(MANAGE_TITLE, start="policy"),
            service_count=CountyService.objects.count(),
            **kwargs,
        )


class SavedFormView(
    PolicyTeamRequiredMixin, UnsentFormMixin, ConflictViewMixin, FormPageMixin, TemplateView
):
    """A form whose valid data goes to a service; the service's ValidationError comes back next
    to the fields, everything typed kept; an edit over someone else's change is the 409 page.
    POST, redirect, GET with a message."""

    form_class = None
    crumbs = staticmethod(_manage_crumbs)
    conflict_what = "this record"

    def get_object(self):
        return None

    def seen_values(self, obj) -> dict:
        raise NotImplementedError

    def get_form(self):
        obj = self.get_object()
        kwargs = {"instance": obj} if obj else {}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        else:
            kwargs["initial"] = {"seen": seen_token(self.seen_values(obj) if obj else None)}
        return self.form_class(**kwargs)

    def cancel_url(self) -> str:
        return reverse("toolkit:manage")

    def caption(self) -> str:
        obj = self.get_object()
        return str(obj) if obj else MANAGE_TITLE

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            saved = self.perform(form)
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, self.success_message(saved))
        return redirect(self.success_url(saved))

    def perform(self, form):
        raise NotImplementedError

    def success_message(self, saved) -> str:
        return f"{saved} is saved."

    def success_url(self, saved) -> str:
        return reverse("toolkit:manage")


class ResourceFormView(SavedFormView):
    form_class = ResourceForm
    conflict_what = "this resource"

    def seen_values(self, obj):
        return services.resource_values(obj)

    def perform(self, form):
        return services.resource_save(
            by=self.request.user,
            values=form.service_values(),
            instance=self.get_object(),
            attachment=form.cleaned_data.get("attachment") or None,
            remove_attachment=form.cleaned_data.get("remove_attachment", False),
            seen=form.cleaned_data.get("seen"),
        )

    def success_url(self, saved):
        return saved.get_absolute_url()

    def success_message(self, saved):
        state = "published" if saved.is_published else "saved as a draft"
        return f"{saved.title}: {state}."


class ResourceCreateView(ResourceFormView):
    heading = "Add a resource"
    button = "Save the resource"


class ResourceEditView(ResourceFormView):
    heading = "Edit the resource"
    button = "Save the changes"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(Resource, slug=self.kwargs["slug"])
        return self._object

    def cancel_url(self):
        return self.get_object().get_absolute_url()


class ResourceHistoryView(PolicyTeamRequiredMixin, DetailView):
    """Who changed a resource, when, and what it said then (title, status, summary)."""

    template_name = "toolkit/history.html"
    context_object_name = "resource"
    model = Resource

    def get_context_data(self, **kwargs):
        resource = self.object
        records = resource.history.select_related("history_user").order_by("-history_id")[:200]
        return super().get_context_data(
            page_title=f"History of {resource.title}",
            breadcrumbs=_manage_crumbs(
                (resource.title, resource.get_absolute_url()), ("History", None)
            ),
            records=list(records),
            **kwargs,
        )


class CountyServiceFormView(SavedFormView):
    form_class = CountyServiceForm
    conflict_what = "this service"

    def seen_values(self, obj):
        return services.county_service_values(obj)

    def perform(self, form):
        return services.county_service_save(
            by=self.request.user,
            values=form.service_values(),
            instance=self.get_object(),
            seen=form.cleaned_data.get("seen"),
        )

    def cancel_url(self):
        return reverse("toolkit:services")

    def success_url(self, saved):
        return reverse("toolkit:services")


class CountyServiceCreateView(CountyServiceFormView):
    heading = "Add a county service"
    button = "Save the service"


class CountyServiceEditView(CountyServiceFormView):
    heading = "Edit the county service"
    button = "Save the changes"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(CountyService, slug=self.kwargs["slug"])
        return self._object
