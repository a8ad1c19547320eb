"""The policy team's pages: keep the register (partnerships, reviews, risks, meetings and their
papers, scrutiny reviews), read its history, send review reminders. Every view needs
``PolicyTeamRequiredMixin``; the services do the writing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView, TemplateView, View

from councils.views.mixins import PolicyTeamRequiredMixin
from ui.conflicts import conflict_error_add
from ui.unsent import UnsentFormMixin
from ui.views import FormPageMixin, crumbs_under, form_errors_add, titled

from .. import services
from ..forms import (
    MeetingForm,
    OrganisationForm,
    PaperForm,
    PartnershipForm,
    ReviewForm,
    RiskForm,
    ScrutinyReviewForm,
)
from ..history import history_entries
from ..models import Meeting, Partnership, Risk, ScrutinyReview
from .public import REGISTER_TITLE, PagedListMixin

MANAGE_TITLE = "Manage the partnerships register"


_crumbs = crumbs_under(MANAGE_TITLE, "partnerships:manage", start="policy")


class ManageView(PolicyTeamRequiredMixin, PagedListMixin, ListView):
    """Every partnership, overdue reviews first."""

    template_name = "partnerships/manage.html"
    context_object_name = "partnerships"

    def get_queryset(self):
        return Partnership.objects.for_list().order_by("review_due_on", "name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(MANAGE_TITLE, start="policy"),
            overdue_count=Partnership.objects.review_overdue().count(),
            **kwargs,
        )


class _FormKwargs:
    def get_form_kwargs(self) -> dict:
        kwargs = {}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs


class ServiceFormView(
    PolicyTeamRequiredMixin, UnsentFormMixin, FormPageMixin, _FormKwargs, TemplateView
):
    """A form whose valid data goes to a service; the service's ValidationError goes back to
    the form, re-rendered with everything typed; an edit over someone else's change is a 409
    with both versions (``includes/_conflict.html``). POST, redirect, GET with a message."""

    form_class = None
    crumbs = staticmethod(_crumbs)

    def get_object(self):
        return None

    def get_form(self):
        return self.form_class(**self.get_form_kwargs())

    def caption(self) -> str:
        obj = self.get_object()
        return str(obj) if obj else REGISTER_TITLE

    def cancel_url(self) -> str:
        obj = self.get_object()
        return obj.get_absolute_url() if obj else reverse("partnerships:manage")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.result = self.perform(form)
        except services.EditConflict as conflict:
            return self.conflict(form, conflict)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, self.success_message())
        return redirect(self.success_url())

    def perform(self, form):
        raise NotImplementedError

    def success_message(self) -> str:
        return f"{self.result} saved."

    def success_url(self) -> str:
        return self.result.get_absolute_url()

    def conflict(self, form, conflict):
        """Keep what the officer typed, show what changed, and let them save again: the form
        now carries the version they have seen."""
        form.data = form.data.copy()
        form.data["version"] = conflict.instance.version
        changed = conflict.conflict
        conflict_error_add(form, who=changed.changed_by, when=changed.changed_at, what="this")
        context = self.get_context_data(form=form, conflict=conflict.conflict)
        return self.render_to_response(context, status=409)


class PartnershipMixin:
    def get_partnership(self) -> Partnership:
        if not hasattr(self, "partnership"):
            self.partnership = get_object_or_404(Partnership, slug=self.kwargs["slug"])
        return self.partnership


class PartnershipCreateView(ServiceFormView):
    form_class = PartnershipForm
    heading = "Add a partnership"
    button = "Add the partnership"

    def perform(self, form):
        return services.partnership_save(by=self.request.user, **form.service_values())

    def success_message(self):
        return f"{self.result.name} added to the register."


class PartnershipEditView(PartnershipMixin, ServiceFormView):
    form_class = PartnershipForm
    heading = "Edit the partnership"

    def get_object(self):
        return self.get_partnership()

    def get_form(self):
        return self.form_class(instance=self.get_partnership(), **self.get_form_kwargs())

    def perform(self, form):
        return services.partnership_save(
            partnership=self.get_partnership(),
            version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_values(),
        )


class ReviewCreateView(PartnershipMixin, ServiceFormView):
    form_class = ReviewForm
    heading = "Record the annual review"
    button = "Record the review"

    def get_object(self):
        return self.get_partnership()

    def get_form(self):
        return self.form_class(partnership=self.get_partnership(), **self.get_form_kwargs())

    def perform(self, form):
        return services.partnership_review_record(
            partnership=self.get_partnership(), by=self.request.user, **form.cleaned_data
        )

    def success_message(self):
        return f"Review recorded; the next is due on {self.result.next_due_on:%-d %B %Y}."

    def success_url(self):
        return self.get_partnership().get_absolute_url()


class PartnershipHistoryView(PolicyTeamRequiredMixin, PartnershipMixin, TemplateView):
    template_name = "partnerships/history.html"

    def get_context_data(self, **kwargs):
        p = self.get_partnership()
        return super().get_context_data(
            page_title=f"History of {p.name}",
            subject=p,
            entries=history_entries(p, services.PARTNERSHIP_FIELDS),
            breadcrumbs=_crumbs((p.name, p.get_absolute_url()), ("History", None)),
            **kwargs,
        )


class RemindersView(PolicyTeamRequiredMixin, View):
    """Email the contact of every partnership whose review is overdue (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        count = services.partnership_review_reminders_send()
        messages.success(
            request, f"{count} reminder{'s' if count != 1 else ''} sent about overdue reviews."
        )
        return redirect("partnerships:manage")


# --- Risks -------------------------------------------------------------------------------------


class RiskCreateView(PartnershipMixin, ServiceFormView):
    form_class = RiskForm
    heading = "Add a risk"
    button = "Add the risk"

    def get_object(self):
        return self.get_partnership()

    def perform(self, form):
        return services.risk_save(
            partnership=self.get_partnership(), by=self.request.user, **form.service_values()
        )

    def success_message(self):
        return f"Risk added to {self.get_partnership().name}."

    def success_url(self):
        return self.get_partnership().get_absolute_url() + "#risks"


class RiskEditView(ServiceFormView):
    form_class = RiskForm
    heading = "Edit the risk"

    def get_object(self):
        if not hasattr(self, "risk"):
            self.risk = get_object_or_404(
                Risk.objects.select_related("partnership"), pk=self.kwargs["pk"]
            )
        return self.risk

    def caption(self):
        return f"{self.get_object().partnership.name}: {self.get_object().title}"

    def cancel_url(self):
        return self.get_object().partnership.get_absolute_url() + "#risks"

    def get_form(self):
        return self.form_class(instance=self.get_object(), **self.get_form_kwargs())

    def perform(self, form):
        return services.risk_save(
            risk=self.get_object(),
            version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_values(),
        )

    def success_message(self):
        return f"Risk “{self.result.title}” saved."

    def success_url(self):
        return self.cancel_url()


# --- Meetings ----------------------------------------------------------------------------------


class MeetingCreateView(ServiceFormView):
    form_class = MeetingForm
    heading = "Add a meeting"
    button = "Add the meeting"

    def cancel_url(self):
        return reverse("partnerships:meetings")

    def perform(self, form):
        return services.meeting_save(by=self.request.user, **form.service_values())

    def success_message(self):
        return f"Meeting added: {self.result}."


class MeetingMixin:
    def get_object(self):
        if not hasattr(self, "meeting"):
            self.meeting = get_object_or_404(
                Meeting.objects.select_related("series"), pk=self.kwargs["pk"]
            )
        return self.meeting


class MeetingEditView(MeetingMixin, ServiceFormView):
    form_class = MeetingForm
    heading = "Edit the meeting"

    def get_form(self):
        return self.form_class(instance=self.get_object(), **self.get_form_kwargs())

    def perform(self, form):
        return services.meeting_save(
            meeting=self.get_object(),
            version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_values(),
        )


class PaperCreateView(MeetingMixin, ServiceFormView):
    form_class = PaperForm
    heading = "Add a paper"
    button = "Add the paper"

    def perform(self, form):
        return services.meeting_paper_add(meeting=self.get_object(), **form.cleaned_data)

    def success_message(self):
        return f"Paper “{self.result.title}” added."

    def success_url(self):
        return self.get_object().get_absolute_url()


# --- Scrutiny ----------------------------------------------------------------------------------


class ScrutinyCreateView(ServiceFormView):
    form_class = ScrutinyReviewForm
    heading = "Add a scrutiny review"
    button = "Add the review"

    def cancel_url(self):
        return reverse("partnerships:scrutiny")

    def perform(self, form):
        return services.scrutiny_review_save(by=self.request.user, **form.service_values())


class ScrutinyEditView(ServiceFormView):
    form_class = ScrutinyReviewForm
    heading = "Edit the scrutiny review"

    def get_object(self):
        if not hasattr(self, "review"):
            self.review = get_object_or_404(ScrutinyReview, slug=self.kwargs["slug"])
        return self.review

    def get_form(self):
        return self.form_class(instance=self.get_object(), **self.get_form_kwargs())

    def perform(self, form):
        return services.scrutiny_review_save(
            review=self.get_object(),
            version=form.cleaned_data["version"],
            by=self.request.user,
            **form.service_values(),
        )


class OrganisationCreateView(ServiceFormView):
    """Another body (police, health, voluntary sector ...), to name as a lead or member."""

    form_class = OrganisationForm
    heading = "Add another body"
    button = "Add the body"

    def perform(self, form):
        return services.organisation_create(**form.cleaned_data)

    def success_message(self):
        return f"{self.result.name} added: choose it as a lead or member of a partnership."

    def success_url(self):
        return reverse("partnerships:manage")
