"""The policy team's pages for the register: correcting a council's details."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import UpdateView

from ui.conflicts import ConflictViewMixin, EditConflict, seen_token
from ui.unsent import UnsentFormMixin

from ..forms.register import CouncilCorrectionForm
from ..models import Council
from ..services.register import council_correct, council_correction_values
from .mixins import PolicyTeamRequiredMixin, council_crumbs


class CouncilCorrectView(PolicyTeamRequiredMixin, UnsentFormMixin, ConflictViewMixin, UpdateView):
    """Correct a council's name, kind and details. The fields corrected are kept by later
    imports of the register. Two officers correcting one council: the later save is refused
    with the conflict page (409), what they typed kept."""

    conflict_what = "this council's details"

    form_class = CouncilCorrectionForm
    template_name = "councils/register/council_correct.html"
    context_object_name = "council"

    def get_queryset(self):
        return Council.objects.select_related("district")

    def get_form_kwargs(self):
        # The form works on a copy, so the page keeps the saved name while it shows errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def get_initial(self):
        return {**super().get_initial(), "seen": seen_token(council_correction_values(self.object))}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            changed = council_correct(
                council=self.object,
                data=data,
                user=self.request.user,
                seen=form.cleaned_data["seen"],
            )
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        if changed:
            name = form.cleaned_data["name"]
            messages.success(self.request, f"{name}: your corrections are saved.")
        else:
            messages.info(self.request, "Nothing changed: the details were already as given.")
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        council = self.object
        title = f"Correct the details of {council.name}"
        return super().get_context_data(
            page_title=title,
            breadcrumbs=council_crumbs(council, ("Correct the details", None)),
            **kwargs,
        )
