"""Clerks' pages: asking to act for a council, the council's confirmation link, the user's
councils, and the clerks of a council (who may remove one who has left)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView, FormView, ListView

from commitments.models import CharterVersion
from ui.unsent import UnsentFormMixin
from ui.views import form_errors_add

from ..forms.clerks import CouncilRoleRemoveForm, CouncilRoleRequestForm, CouncilSearchForm
from ..hooks import council_tasks
from ..models import Council, CouncilRole, Signature
from ..services.clerks import (
    CONFIRMATION_LINK_DAYS,
    confirmation_link_expired,
    council_role_confirm_by_email,
    council_role_remove,
    council_role_request,
    council_role_withdraw,
    role_queue_usual_days,
)
from ..services.signing import signing_state
from .mixins import ClerkCouncilMixin

MY_COUNCILS = ("Your councils", "/councils/yours/")


class MyCouncilsView(ListView):
    """The user's requests and roles, and for each confirmed council what to do next (here,
    and what other apps ask of its clerks: ``councils.hooks.council_tasks``)."""

    template_name = "councils/clerks/my_councils.html"
    context_object_name = "roles"

    def get_queryset(self):
        signatures = Signature.objects.select_related("version")
        return (
            CouncilRole.objects.for_user(self.request.user)
            .select_related("council__signed_version")
            .prefetch_related(Prefetch("council__signatures", queryset=signatures))
            .order_by("council__name", "-requested_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            page_title="Your councils", breadcrumbs=[("Home", "/"), ("Your councils", None)]
        )
        version = CharterVersion.objects.published().first()
        for role in context["roles"]:
            role.signing = signing_state(council=role.council, version=version)
        context["version"] = version
        context["confirmed"] = [r for r in context["roles"] if r.is_confirmed]
        tasks = council_tasks([r.council for r in context["confirmed"]])
        for role in context["confirmed"]:
            role.tasks = tasks.get(role.council_id, [])
        context["others"] = [r for r in context["roles"] if not r.is_confirmed]
        if any(r.status == CouncilRole.Status.PENDING for r in context["others"]):
            context["usual_days"] = role_queue_usual_days()
        return context


class CouncilRoleRequestView(UnsentFormMixin, FormView):
    """Ask to act for a council: search by name (optional), choose it, give role and how to
    check. ``?council=<slug>`` preselects the council (the link in an invitation)."""

    template_name = "councils/clerks/role_request.html"
    form_class = CouncilRoleRequestForm

    def get_councils(self):
        councils = Council.objects.current().select_related("district").order_by("name")
        self.search = CouncilSearchForm(self.request.GET or None)
        if self.search.is_valid() and self.search.cleaned_data["q"]:
            councils = councils.search(self.search.cleaned_data["q"])
        return councils

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "councils": self.councils}

    def get_initial(self):
        slug = self.request.GET.get("council", "")
        # Only a slug is looked up: any other text (a NUL byte: a database error) is ignored.
        council = self.councils.filter(slug=slug).first() if slug_re.match(slug) else None
        return {"council": council} if council else {}

    def dispatch(self, request, *args, **kwargs):
        self.councils = self.get_councils()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # A POST chooses among every current council, whatever the search showed.
        self.councils = Council.objects.current().select_related("district")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            role = council_role_request(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        # Say only what the portal did: no email to the council when it has no address.
        if role.confirmation_sent_at:
            messages.success(
                self.request,
                f"We have emailed {role.council.name}'s contact address a link to confirm that "
                f"you act for the council. The link works for {CONFIRMATION_LINK_DAYS} days; the "
                "policy team can also confirm it. We will email you when it is decided.",
            )
        elif role.council.contact_email:
            # Over the limits on confirmation links (councils/services/clerks.py).
            messages.success(
                self.request,
                f"Your request to act for {role.council.name} is with the policy team, who will "
                "check it themselves: we emailed the council's address about you recently, so "
                "we will not email it again today. We will email you when it is decided.",
            )
        else:
            days = role_queue_usual_days()
            messages.success(
                self.request,
                f"The register has no contact address for {role.council.name}, so the policy "
                "team will check your request themselves. We have told them; they usually "
                f"decide within {days} day{'s' if days != 1 else ''}. We will email you at "
                f"{self.request.user.email} when it is decided.",
            )
        return redirect("councils:my-councils")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Ask to act for a council",
            breadcrumbs=[("Home", "/"), MY_COUNCILS, ("Ask to act for a council", None)],
            search=self.search,
            usual_days=role_queue_usual_days(),
            **kwargs,
        )


class CouncilRoleWithdrawView(DetailView):
    """The user withdraws their own pending request (GET asks, POST does it)."""

    template_name = "councils/clerks/role_withdraw.html"
    context_object_name = "role"

    def get_queryset(self):
        return (
            CouncilRole.objects.pending().filter(user=self.request.user).select_related("council")
        )

    def post(self, request, *args, **kwargs):
        role = self.get_object()
        try:
            council_role_withdraw(role=role, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"You have withdrawn your request to act for {role.council}.")
        return redirect("councils:my-councils")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Withdraw your request",
            breadcrumbs=[("Home", "/"), MY_COUNCILS, ("Withdraw your request", None)],
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
# A person's name and their request, to whoever holds the link: never kept by a browser or proxy.
@method_decorator(cache_control(private=True, no_store=True), name="dispatch")
class CouncilRoleConfirmView(DetailView):
    """The link emailed to the council's contact address. Whoever reads that mailbox sees the
    request and confirms it with a button (a POST: mail scanners that follow links with GET
    confirm nothing). No account is needed."""

    template_name = "councils/clerks/role_confirm.html"
    context_object_name = "role"
    slug_field = "confirmation_token"
    slug_url_kwarg = "token"

    def get_queryset(self):
        return CouncilRole.objects.select_related("council", "user")

    def get_object(self, queryset=None):
        role = super().get_object(queryset)
        if not role.council.contact_email:
            raise Http404
        return role

    def post(self, request, *args, **kwargs):
        self.object = role = self.get_object()
        try:
            council_role_confirm_by_email(role=role)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(
            request, f"Thank you. {role.user.get_full_name()} can now act for {role.council}."
        )
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        role = self.object
        return super().get_context_data(
            page_title=f"Confirm who acts for {role.council}",
            expired=confirmation_link_expired(role),
            **kwargs,
        )


class CouncilClerksView(ClerkCouncilMixin, ListView):
    """Who acts for one of the user's councils: a confirmed clerk may remove one who left."""

    template_name = "councils/clerks/council_clerks.html"
    context_object_name = "roles"

    def get_queryset(self):
        return (
            CouncilRole.objects.filter(council=self.get_council())
            .filter(status__in=[CouncilRole.Status.CONFIRMED, CouncilRole.Status.PENDING])
            .select_related("user")
            .order_by("status", "user__full_name")
        )

    def get_context_data(self, **kwargs):
        council = self.get_council()
        return super().get_context_data(
            council=council,
            page_title=f"Who acts for {council}",
            breadcrumbs=[("Home", "/"), MY_COUNCILS, (f"Who acts for {council}", None)],
            **kwargs,
        )


class CouncilRoleRemoveBase(FormView):
    """Remove a confirmed role, with a reason. Subclasses scope the roles one may remove."""

    template_name = "councils/clerks/role_remove.html"
    form_class = CouncilRoleRemoveForm

    def get_roles(self):
        raise NotImplementedError

    def get_success_url(self):
        raise NotImplementedError

    def get_role(self):
        if not hasattr(self, "_role"):
            self._role = get_object_or_404(
                self.get_roles().confirmed().select_related("council", "user"), pk=self.kwargs["pk"]
            )
        return self._role

    def form_valid(self, form):
        role = self.get_role()
        try:
            council_role_remove(
                role=role, removed_by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{role.user.get_full_name()} no longer acts for {role.council}."
        )
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        role = self.get_role()
        return super().get_context_data(
            role=role, page_title=f"Remove {role.user.get_full_name()}", **kwargs
        )


class ClerkRoleRemoveView(ClerkCouncilMixin, CouncilRoleRemoveBase):
    """A confirmed clerk removes another person from their own council only."""

    def get_roles(self):
        return CouncilRole.objects.filter(council=self.get_council())

    def get_success_url(self):
        return reverse("councils:council-clerks", kwargs={"slug": self.get_council().slug})

    def get_context_data(self, **kwargs):
        council = self.get_council()
        back = reverse("councils:council-clerks", kwargs={"slug": council.slug})
        return super().get_context_data(
            back_url=back,
            breadcrumbs=[("Home", "/"), MY_COUNCILS, (f"Who acts for {council}", back)],
            **kwargs,
        )
