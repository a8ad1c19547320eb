"""The policy team's pages: keep the plan (create, edit, update, close, reorder) and read its
history. Every view needs ``PolicyTeamRequiredMixin``; the services do the writing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView

from councils.views.mixins import PolicyTeamRequiredMixin
from ui.conflicts import conflict_error_add
from ui.unsent import UnsentFormMixin
from ui.views import FormPageMixin, crumbs_under, titled

from .. import services
from ..forms import (
    ActionItemCloseForm,
    ActionItemCreateForm,
    ActionItemEditForm,
    ActionItemMoveForm,
    ActionUpdateForm,
)
from ..history import item_history
from ..models import ActionItem

MANAGE_TITLE = "Manage the action plan"


_crumbs = crumbs_under(MANAGE_TITLE, "actions:manage", start="policy")


class ManageListView(PolicyTeamRequiredMixin, ListView):
    template_name = "actions/manage.html"
    context_object_name = "items"

    def get_queryset(self):
        return ActionItem.objects.for_plan()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(MANAGE_TITLE, start="policy"),
            **kwargs,
        )


class ItemMixin:
    """An item found by its reference, among all items (the policy team sees every one)."""

    def get_item(self) -> ActionItem:
        if not hasattr(self, "item"):
            self.item = get_object_or_404(
                ActionItem.objects.select_related("lead_council"),
                reference=self.kwargs["reference"],
            )
        return self.item


class ServiceFormView(PolicyTeamRequiredMixin, UnsentFormMixin, FormPageMixin, FormView):
    """A form whose valid data goes to a service; the service's ValidationError goes back to
    the form, re-rendered with everything typed. POST, redirect, GET with a message."""

    crumbs = staticmethod(_crumbs)

    def perform(self, form):
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def cancel_url(self) -> str:
        return reverse("actions:manage")

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(self.get_success_url())


class ItemCreateView(ServiceFormView):
    form_class = ActionItemCreateForm
    heading = "Add an action"

    def caption(self):
        return "Action plan"

    button = "Add the action"

    def perform(self, form):
        return services.action_item_create(by=self.request.user, **form.service_values())

    def success_message(self):
        return f"Action {self.result.reference} added to the plan."

    def get_success_url(self):
        return reverse("actions:manage")


class ItemFormMixin(ItemMixin):
    def caption(self):
        return f"{self.get_item().reference}: {self.get_item().title}"

    def get_success_url(self):
        return self.get_item().get_absolute_url()

    def cancel_url(self) -> str:
        return self.get_item().get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.get_item(), **kwargs)


class ItemEditView(ItemFormMixin, ServiceFormView):
    form_class = ActionItemEditForm
    heading = "Edit the action"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_item()}

    def get_initial(self):
        return {"version": self.get_item().version}

    def perform(self, form):
        values = form.service_values()
        return services.action_item_update(
            item=self.get_item(),
            version=form.cleaned_data["version"],
            by=self.request.user,
            **values,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.EditConflict as conflict:
            return self.conflict(form, conflict)

    def conflict(self, form, conflict):
        """Keep what the officer typed, show what changed, and let them save again: the form
        now carries the version they have seen."""
        form.data = form.data.copy()
        form.data["version"] = conflict.item.version
        changed = conflict.conflict
        conflict_error_add(
            form, who=changed.changed_by, when=changed.changed_at, what="this action"
        )
        context = self.get_context_data(form=form, conflict=conflict.conflict)
        return self.render_to_response(context, status=409)

    def success_message(self):
        return f"Action {self.result.reference} saved."


class UpdateCreateView(ItemFormMixin, ServiceFormView):
    form_class = ActionUpdateForm
    heading = "Add a progress update"
    button = "Add the update"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "item": self.get_item()}

    def perform(self, form):
        return services.action_update_add(
            item=self.get_item(), by=self.request.user, **form.cleaned_data
        )

    def success_message(self):
        if self.result.changes_status:
            return (
                f"Update added; {self.item.reference} is now {self.result.get_status_to_display()}."
            )
        return f"Update added to {self.item.reference}."


class ItemCloseView(ItemFormMixin, ServiceFormView):
    form_class = ActionItemCloseForm
    heading = "Close the action"
    button = "Close the action"

    def perform(self, form):
        return services.action_item_close(
            item=self.get_item(), by=self.request.user, **form.cleaned_data
        )

    def success_message(self):
        return f"{self.item.reference} closed: {self.result.get_status_to_display()}."


class ItemMoveView(PolicyTeamRequiredMixin, ItemMixin, FormView):
    """The reorder buttons of the management list (plain POST forms: no JavaScript needed)."""

    form_class = ActionItemMoveForm
    http_method_names = ["post"]

    def form_valid(self, form):
        item, direction = self.get_item(), form.cleaned_data["direction"]
        if services.action_item_move(item=item, direction=direction):
            messages.success(self.request, f"{item.reference} moved {direction}.")
        else:
            messages.info(
                self.request,
                f"{item.reference} is already at the {'top' if direction == 'up' else 'bottom'}.",
            )
        return redirect(f"{reverse('actions:manage')}#item-{item.reference}")

    def form_invalid(self, form):
        messages.error(self.request, "Choose to move the action up or down.")
        return redirect("actions:manage")


class ItemHistoryView(PolicyTeamRequiredMixin, ItemMixin, DetailView):
    template_name = "actions/history.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        return self.get_item()

    def get_context_data(self, **kwargs):
        item = self.object
        return super().get_context_data(
            page_title=f"History of {item.reference}",
            entries=item_history(item),
            breadcrumbs=_crumbs((item.reference, item.get_absolute_url()), ("History", None)),
            **kwargs,
        )
