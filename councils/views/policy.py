"""The policy team's pages for clerks and signatures: the queue of requests to act for a
council, confirmed clerks (and removing one), invitations to sign, and signatures received on
paper. Every page needs the policy team with two factors (``PolicyTeamRequiredMixin``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView

from commitments.models import CharterVersion
from ui.conflicts import ConflictViewMixin, EditConflict, seen_token, shown
from ui.unsent import UnsentFormMixin
from ui.views import (
    breadcrumbs,
    breadcrumbs_start,
    crumbs_under,
    file_errors_add,
    form_errors_add,
)

from ..forms.clerks import CouncilRoleDecisionForm
from ..forms.invitations import ContactsUploadForm, InvitationForm
from ..forms.signing import PaperSignatureForm
from ..models import Council, CouncilRole, Invitation
from ..services.clerks import (
    council_role_approve,
    council_role_decision_values,
    council_role_reject,
)
from ..services.invitations import (
    REMINDER_INTERVAL,
    ContactImportError,
    InvitationBatch,
    council_contacts_import,
    councils_not_invited,
    councils_to_invite,
    councils_to_reaffirm,
    councils_to_remind,
    emailed_too_recently,
    invitations_send,
    reaffirmation_rows,
    with_invitation_dates,
)
from ..services.signing import signature_record
from .clerks import CouncilRoleRemoveBase
from .mixins import PolicyTeamRequiredMixin

REMIND_SHOWN = 200  # councils listed with their invitation and reminder dates
NO_ADDRESS_SHOWN = 500  # councils listed without a contact address
QUEUE = ("Requests to act for a council", "/councils/policy/clerks/")
_queue_crumbs = crumbs_under(*QUEUE, start="policy")


def _names(councils: list) -> str:
    names = ", ".join(c.name for c in councils[:20])
    return names + (f" and {len(councils) - 20} more" if len(councils) > 20 else "")


def batch_warnings(request, batch: InvitationBatch) -> None:
    """Tell the policy team who was not emailed, and why."""
    if batch.too_soon:
        messages.warning(
            request,
            f"{len(batch.too_soon)} not reminded again: reminded in the last "
            f"{REMINDER_INTERVAL.days} days, or emailed in the last day (a council gets at "
            f"most one email a day): {_names(batch.too_soon)}.",
        )
    if batch.skipped:
        messages.warning(
            request,
            f"{len(batch.skipped)} skipped, with no contact address: {_names(batch.skipped)}.",
        )


def policy_dashboard_summary() -> dict:
    """Counts for the "Clerks and signatures" section of the policy dashboard (three
    queries)."""
    invitations = Invitation.objects.aggregate(
        sent=Count("pk", filter=Q(status=Invitation.Status.SENT)),
        failed=Count("pk", filter=Q(status=Invitation.Status.FAILED)),
        queued=Count("pk", filter=Q(status=Invitation.Status.QUEUED)),
    )
    return {
        "pending_requests": CouncilRole.objects.pending().count(),
        "no_address": Council.objects.current().filter(contact_email="").count(),
        **invitations,
    }


class RoleQueueView(PolicyTeamRequiredMixin, ListView):
    """Requests waiting for a decision, oldest first."""

    template_name = "councils/policy/clerk_queue.html"
    context_object_name = "roles"
    paginate_by = 50

    def get_queryset(self):
        return CouncilRole.objects.for_queue().order_by("requested_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=QUEUE[0], breadcrumbs=breadcrumbs(title=QUEUE[0], start="policy"), **kwargs
        )


class ConfirmedClerksView(PolicyTeamRequiredMixin, ListView):
    """Everyone confirmed to act for a council, to remove one who has left."""

    template_name = "councils/policy/clerks_confirmed.html"
    context_object_name = "roles"
    paginate_by = 50

    def get_queryset(self):
        return (
            CouncilRole.objects.confirmed()
            .select_related("user", "council", "decided_by")
            .order_by("council__name", "user__full_name")
        )

    def get_context_data(self, **kwargs):
        title = "Confirmed clerks"
        return super().get_context_data(
            page_title=title, breadcrumbs=_queue_crumbs((title, None)), **kwargs
        )


class RoleDecideView(PolicyTeamRequiredMixin, UnsentFormMixin, ConflictViewMixin, FormView):
    """Confirm a request, or reject it with a reason; the person is told by email. Two officers
    deciding one request: the later is refused with the conflict page (409), showing the
    decision already made, what they typed kept."""

    template_name = "councils/policy/clerk_decide.html"
    form_class = CouncilRoleDecisionForm
    conflict_what = "a decision on this request"

    def get_role(self):
        if not hasattr(self, "_role"):
            # The form opens for requests waiting for a decision; a decision sent for one
            # decided since is answered with the conflict page, not a 404 that loses it.
            roles = (
                CouncilRole.objects.select_related("user", "council", "council__district")
                if self.request.method == "POST"
                else CouncilRole.objects.for_queue()
            )
            self._role = get_object_or_404(roles, pk=self.kwargs["pk"])
        return self._role

    def get(self, request, *args, **kwargs):
        # A request decided since (the back button, an old email's link) leads to the queue
        # with what became of it, not to "Page not found".
        role = CouncilRole.objects.select_related("user", "council").filter(pk=kwargs["pk"]).first()
        if role is not None and role.status != CouncilRole.Status.PENDING:
            when = f" on {role.decided_at:%-d %B %Y}" if role.decided_at else ""
            messages.info(
                request,
                f"The request by {role.user.get_full_name() or role.user.email} to act for "
                f"{role.council} has already been decided: "
                f"{role.get_status_display().lower()}{when}.",
            )
            return redirect("councils:policy-clerks")
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        seen = council_role_decision_values(self.get_role())
        return {**super().get_initial(), "seen": seen_token(seen)}

    def conflict_shown(self, form, name, raw):
        if name == "decision" and not raw:
            return "(not decided)"
        if name == "decision" and raw in CouncilRole.Status.values:
            return CouncilRole.Status(raw).label  # removed, withdrawn
        return shown(form.fields.get(name), raw)

    def form_valid(self, form):
        role, data = self.get_role(), form.cleaned_data
        seen = data["seen"]
        try:
            if data["decision"] == "approve":
                council_role_approve(
                    role=role, decided_by=self.request.user, reason=data["reason"], seen=seen
                )
                message = f"{role.user.get_full_name()} can now act for {role.council}."
            else:
                council_role_reject(
                    role=role, decided_by=self.request.user, reason=data["reason"], seen=seen
                )
                message = f"You rejected {role.user.get_full_name()}'s request."
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{message} We have emailed them.")
        return redirect("councils:policy-clerks")

    def get_context_data(self, **kwargs):
        role = self.get_role()
        others = (
            CouncilRole.objects.confirmed()
            .filter(council=role.council)
            .select_related("user")
            .order_by("user__full_name")
        )
        title = "Decide a request"
        return super().get_context_data(
            role=role,
            confirmed_for_council=others,
            page_title=title,
            breadcrumbs=_queue_crumbs((title, None)),
            **kwargs,
        )


class PolicyRoleRemoveView(PolicyTeamRequiredMixin, CouncilRoleRemoveBase):
    def get_roles(self):
        return CouncilRole.objects.all()

    def get_success_url(self):
        return reverse("councils:policy-clerks-confirmed")

    def get_context_data(self, **kwargs):
        back = reverse("councils:policy-clerks-confirmed")
        return super().get_context_data(
            back_url=back,
            breadcrumbs=_queue_crumbs(("Confirmed clerks", back)),
            **kwargs,
        )


class InvitationsView(PolicyTeamRequiredMixin, FormView, ListView):
    """Invite councils to sign in bulk, remind those invited, and see recent invitations."""

    template_name = "councils/policy/invitations.html"
    form_class = InvitationForm
    context_object_name = "invitations"
    paginate_by = 50

    def get_queryset(self):
        return Invitation.objects.select_related("council", "version", "invited_by")

    def post(self, request, *args, **kwargs):
        self.object_list = self.get_queryset()
        return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_queryset()
        return super().get(request, *args, **kwargs)

    def chosen(self, form, version):
        """The councils the form chose, and the kind of email they get."""
        data, kind = form.cleaned_data, Invitation.Kind.INVITATION
        if data["who"] == form.NOT_INVITED:
            councils = councils_not_invited(version=version)
        elif data["who"] == form.DISTRICT:
            councils = councils_to_invite(version=version).in_district(data["district"])
        elif data["who"] == form.KIND:
            councils = councils_to_invite(version=version).filter(kind=data["kind"])
        else:
            councils, kind = councils_to_remind(version=version), Invitation.Kind.REMINDER
        return councils, kind

    def preview(self, form, version):
        """Who can be emailed and who cannot (no address, or reminded too recently), before
        anything is sent: the page again, with the lists and a button to send."""
        councils, kind = self.chosen(form, version)
        councils = list(councils.order_by("name", "pk").only("name", "slug", "contact_email"))
        too_soon = emailed_too_recently(council_ids=[c.pk for c in councils], kind=kind)
        preview = {
            "kind": "reminder" if kind == Invitation.Kind.REMINDER else "invitation",
            "can": [c for c in councils if c.contact_email and c.pk not in too_soon],
            "no_address": [c for c in councils if not c.contact_email],
            "too_soon": [c for c in councils if c.contact_email and c.pk in too_soon],
        }
        return self.render_to_response(self.get_context_data(form=form, preview=preview))

    def form_valid(self, form):
        version = CharterVersion.objects.published().first()
        if version is None:
            form.add_error(None, "Publish a version of the charter before inviting councils.")
            return self.form_invalid(form)
        if self.request.POST.get("action") == "check":
            return self.preview(form, version)
        councils, kind = self.chosen(form, version)
        batch = invitations_send(councils=councils, invited_by=self.request.user, kind=kind)
        noun = "reminder" if kind == Invitation.Kind.REMINDER else "invitation"
        if batch.queued:
            messages.success(
                self.request,
                f"{len(batch.queued)} {noun}{'s' if len(batch.queued) != 1 else ''} on their "
                "way. Their status is below.",
            )
        elif not batch.too_soon:
            messages.warning(self.request, f"No {noun}s sent: no council matched with an address.")
        batch_warnings(self.request, batch)
        return redirect("councils:policy-invitations")

    def get_context_data(self, **kwargs):
        version = CharterVersion.objects.published().first()
        no_address = (
            councils_to_invite(version=version).filter(contact_email="").order_by("name")
            if version
            else Council.objects.none()
        )
        to_remind = (
            with_invitation_dates(councils_to_remind(version=version), version=version).order_by(
                "name"
            )[:REMIND_SHOWN]
            if version
            else []
        )
        title = "Invite councils to sign"
        return super().get_context_data(
            version=version,
            to_remind=to_remind,
            remind_shown=REMIND_SHOWN,
            reminder_days=REMINDER_INTERVAL.days,
            no_address=no_address.only("name", "slug"),
            page_title=title,
            breadcrumbs=breadcrumbs(title=title, start="policy"),
            **kwargs,
        )


class ContactsUploadView(PolicyTeamRequiredMixin, FormView):
    """Councils without a contact address, and adding addresses in bulk from a CSV file
    (checked row by row, all or nothing, every problem listed by line)."""

    template_name = "councils/policy/contacts_upload.html"
    form_class = ContactsUploadForm

    def form_valid(self, form):
        try:
            result = council_contacts_import(text=form.cleaned_data["file"], user=self.request.user)
        except ContactImportError as error:
            file_errors_add(form, error.errors)
            return self.form_invalid(form)
        changed = len(result.changed)
        messages.success(
            self.request,
            f"Saved {changed} contact address{'es' if changed != 1 else ''}"
            + (f"; {len(result.unchanged)} were already as given" if result.unchanged else "")
            + ". Those councils can now be invited, and can confirm who acts for them.",
        )
        return redirect("councils:policy-invitations")

    def get_context_data(self, **kwargs):
        no_address = (
            Council.objects.current()
            .filter(contact_email="")
            .select_related("district")
            .prefetch_related("codes")
            .order_by("name", "pk")
        )
        title = "Add contact addresses"
        invitations = reverse("councils:policy-invitations")
        return super().get_context_data(
            no_address=no_address[:NO_ADDRESS_SHOWN],
            no_address_count=no_address.count(),
            no_address_shown=NO_ADDRESS_SHOWN,
            page_title=title,
            breadcrumbs=breadcrumbs(
                ("Invite councils to sign", invitations), title=title, start="policy"
            ),
            **kwargs,
        )


class ReaffirmationView(PolicyTeamRequiredMixin, TemplateView):
    """Who signed an earlier version and has re-affirmed the current one, who has not, when each
    was asked and last reminded; POST reminds those who have not (at most once a week each)."""

    template_name = "councils/policy/reaffirmation.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.version = CharterVersion.objects.published().first()

    def post(self, request, *args, **kwargs):
        if self.version is None:
            messages.warning(request, "There is no published version of the charter.")
            return redirect("councils:policy-reaffirmation")
        batch = invitations_send(
            councils=councils_to_reaffirm(version=self.version),
            invited_by=request.user,
            kind=Invitation.Kind.REAFFIRMATION_REMINDER,
            version=self.version,
        )
        reminded = len({i.council_id for i in batch.queued})
        if reminded:
            messages.success(
                request,
                f"{reminded} council{'s' if reminded != 1 else ''} reminded to re-affirm "
                f"version {self.version.number}.",
            )
        elif not (batch.too_soon or batch.skipped):
            messages.success(request, "Every council has re-affirmed: nobody to remind.")
        batch_warnings(request, batch)
        return redirect("councils:policy-reaffirmation")

    def get_context_data(self, **kwargs):
        rows = reaffirmation_rows(version=self.version) if self.version else []
        title = "Re-affirmation of the charter"
        return super().get_context_data(
            version=self.version,
            rows=rows,
            reaffirmed=sum(1 for r in rows if r.current),
            reminder_days=REMINDER_INTERVAL.days,
            page_title=title,
            breadcrumbs=breadcrumbs(title=title, start="policy"),
            **kwargs,
        )


class PaperSignatureView(PolicyTeamRequiredMixin, UnsentFormMixin, FormView):
    """Record a signature received on paper, for any council: shown as such."""

    template_name = "councils/policy/paper_signature.html"
    form_class = PaperSignatureForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.version = CharterVersion.objects.published().first()

    def get(self, request, *args, **kwargs):
        if self.version is None:
            messages.warning(request, "There is no published version of the charter to sign.")
            return redirect(breadcrumbs_start("policy")[1])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.version is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.version}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("signed_version")
        try:
            signature = signature_record(
                version=version, recorded_by=self.request.user, on_paper=True, **data
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already-signed":
                form.add_error("council", error)
            else:
                form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Recorded {signature.council}'s signature of version {version.number}, "
            "received on paper.",
        )
        return redirect(signature.council.get_absolute_url())

    def get_context_data(self, **kwargs):
        title = "Record a signature received on paper"
        return super().get_context_data(
            version=self.version,
            page_title=title,
            breadcrumbs=breadcrumbs(title=title, start="policy"),
            **kwargs,
        )
