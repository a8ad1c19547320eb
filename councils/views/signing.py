"""Signing the charter for a council: the form, a check-your-answers page that shows exactly
what will be published, and withdrawal. Only a confirmed clerk of the council gets here
(``ClerkCouncilMixin``: any other council's slug is a 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from commitments.models import CharterVersion
from ui.unsent import UnsentFormMixin
from ui.views import form_errors_add

from ..forms.signing import SignatureForm, SignatureWithdrawForm
from ..meeting_pack import chair_role
from ..models import Signature
from ..services.signing import signature_record, signature_withdraw, signing_state
from .clerks import MY_COUNCILS
from .mixins import ClerkCouncilMixin


class SigningMixin(ClerkCouncilMixin):
    """The council, the current version, and the answers kept in the session between the form
    and the check page (so that nothing typed is lost going back to change it)."""

    def dispatch(self, request, *args, **kwargs):
        council = self.get_council()
        self.version = CharterVersion.objects.published().first()
        self.state = signing_state(council=council, version=self.version)
        if not self.state.can_sign:
            if self.version is None:
                messages.warning(request, "There is no published version of the charter to sign.")
            elif self.state.current.is_withdrawn:
                messages.warning(
                    request,
                    f"{council.name} withdrew from version {self.version.number} of the charter. "
                    "It can sign again when a new version is published; the policy team can "
                    "help meanwhile.",
                )
            else:
                messages.success(
                    request,
                    f"{council.name} has already signed version {self.version.number} "
                    "of the charter.",
                )
            return redirect("councils:my-councils")
        return super().dispatch(request, *args, **kwargs)

    @property
    def session_key(self):
        return f"councils:signing:{self.get_council().pk}:{self.version.pk}"

    def get_context_data(self, **kwargs):
        council = self.get_council()
        action = "Re-affirm" if self.state.is_reaffirmation else "Sign"
        title = f"{action} the charter for {council.name}"
        return super().get_context_data(
            council=council,
            version=self.version,
            state=self.state,
            page_title=title,
            breadcrumbs=[("Home", "/"), MY_COUNCILS, (title, None)],
            **kwargs,
        )


class SignView(SigningMixin, UnsentFormMixin, FormView):
    template_name = "councils/signing/sign.html"
    form_class = SignatureForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.version}

    def get_pack_version(self) -> int | None:
        """The version number in ``?version=`` (the meeting pack's link), or None when absent
        or not a number."""
        try:
            return int(self.request.GET.get("version", ""))
        except ValueError:
            return None

    def get_initial(self):
        answers = self.request.session.get(self.session_key)
        if answers:
            return answers
        if self.get_pack_version() == self.version.number:
            # From the meeting pack, whose model resolution has the chair sign: the clerk then
            # enters what the meeting decided (its date and minute reference).
            return {"authorised_by_role": chair_role(self.get_council())}
        return {}

    def get_context_data(self, **kwargs):
        asked = self.get_pack_version()
        return super().get_context_data(
            pack_version=asked,
            pack_version_stale=asked is not None and asked != self.version.number,
            **kwargs,
        )

    def form_valid(self, form):
        council, version = self.get_council(), form.signing_version
        if Signature.objects.filter(council=council, version=version).exists():
            form.add_error(
                "resolution_date",
                f"On that date version {version.number} of the charter was in force, and "
                f"{council.name} has already signed it. A resolution to sign version "
                f"{self.version.number} is dated on or after "
                f"{self.version.published_on:%-d %B %Y}, when it was published.",
            )
            return self.form_invalid(form)
        self.request.session[self.session_key] = form.session_data()
        return redirect("councils:sign-check", slug=self.get_council().slug)


class SignCheckView(SigningMixin, FormView):
    """Check your answers: exactly what will be published. POST records the signature."""

    template_name = "councils/signing/check.html"
    form_class = SignatureForm

    def get_form_kwargs(self):
        # The answers come from the session, never from this page's POST.
        return {"data": self.request.session.get(self.session_key), "version": self.version}

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_bound or not form.is_valid():
            return redirect("councils:sign", slug=self.get_council().slug)
        return self.render_to_response(self.get_context_data(form=form))

    def form_invalid(self, form):
        return redirect("councils:sign", slug=self.get_council().slug)

    def form_valid(self, form):
        council, version = self.get_council(), form.signing_version
        try:
            signature_record(
                council=council,
                version=version,
                recorded_by=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            messages.warning(self.request, " ".join(error.messages))
            return redirect("councils:my-councils")
        self.request.session.pop(self.session_key, None)
        later = (
            f" Version {self.version.number} has been published since: you can re-affirm it "
            "from Your councils once the council resolves to."
            if version.pk != self.version.pk
            else ""
        )
        messages.success(
            self.request,
            f"{council.name} has signed version {version.number} of the Oxfordshire "
            f"Councils Charter. It is now listed as a signatory.{later}",
        )
        return redirect(council.get_absolute_url())

    def get_context_data(self, **kwargs):
        change = reverse("councils:sign", kwargs={"slug": self.get_council().slug})
        form = kwargs.get("form")
        return super().get_context_data(
            change_url=change, signing_version=form.signing_version if form else None, **kwargs
        )


class SignatureWithdrawView(ClerkCouncilMixin, UnsentFormMixin, FormView):
    """The council withdraws its signature: the date of its decision and the reason."""

    template_name = "councils/signing/withdraw.html"
    form_class = SignatureWithdrawForm

    def get_signature(self):
        return (
            Signature.objects.active()
            .filter(council=self.get_council())
            .select_related("version")
            .order_by("-version__number")
            .first()
        )

    def dispatch(self, request, *args, **kwargs):
        self.signature = self.get_signature()
        if self.signature is None:
            messages.warning(request, f"{self.get_council()} has no signature to withdraw.")
            return redirect("councils:my-councils")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"withdrawn_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            signature_withdraw(
                signature=self.signature,
                withdrawn_by=self.request.user,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.get_council()} has withdrawn from the charter.")
        return redirect(self.get_council().get_absolute_url())

    def get_context_data(self, **kwargs):
        council = self.get_council()
        title = f"Withdraw {council.name} from the charter"
        return super().get_context_data(
            council=council,
            signature=self.signature,
            page_title=title,
            breadcrumbs=[("Home", "/"), MY_COUNCILS, (title, None)],
            **kwargs,
        )
