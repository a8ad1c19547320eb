"""The policy team drafts, edits and publishes versions of the charter in the portal."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView, View

from commitments.diff import version_diff
from commitments.models import CharterVersion, Commitment, Principle
from commitments.services import (
    SECTION_FIELDS,
    VERSION_FIELDS,
    charter_section_update,
    charter_version_draft,
    charter_version_update,
)
from councils.services.invitations import (
    charter_version_publish_and_ask_to_reaffirm,
    councils_to_reaffirm,
)
from councils.views.mixins import PolicyTeamRequiredMixin
from ui.conflicts import ConflictViewMixin, EditConflict, SeenField, record_values, seen_token
from ui.forms import GovukForm, GovukModelForm
from ui.unsent import UnsentFormMixin
from ui.views import breadcrumbs, crumbs_under

# The policy team's pages of charter versions: Home > Policy team > Charter versions > ...
versions_crumbs = crumbs_under("Charter versions", "policy-charter-versions", start="policy")


def draft_address(number: int) -> str:
    """The address of the policy team's page of draft version ``number``."""
    return reverse("policy-charter-draft", kwargs={"number": number})


SECTION_MODELS = {"principles": Principle, "commitments": Commitment}


class VersionForm(GovukModelForm):
    seen = SeenField()  # what the officer saw: a later save by another officer is refused

    class Meta:
        model = CharterVersion
        fields = [f for f in VERSION_FIELDS if f != "source"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields if f != "title"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary_of_changes"].required = True


class SectionForm(GovukForm):
    seen = SeenField()  # what the officer saw: a later save by another officer is refused
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title."})
    statements = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": "Enter at least one statement."},
        help_text="One statement a line.",
    )

    def clean_statements(self):
        lines = [line.strip() for line in self.cleaned_data["statements"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError("Enter at least one statement.")
        return lines


class NotADraft(Exception):
    """The version asked for exists but is no longer a draft (published since)."""


class DraftMixin(PolicyTeamRequiredMixin):
    """A draft version's pages. Once the version is published, its draft pages (reached with
    the browser's back button after publishing) lead to the list of versions with a message,
    not to "Page not found"."""

    def get_draft(self):
        number = self.kwargs["number"]
        version = get_object_or_404(CharterVersion, number=number)
        if version.status != CharterVersion.Status.DRAFT:
            raise NotADraft(version)
        return version

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotADraft as not_a_draft:
            version = not_a_draft.args[0]
            messages.info(
                request,
                f"Version {version.number} of the charter is {version.get_status_display().lower()}"
                ": it can no longer be changed. Start a new draft to change the charter.",
            )
            return redirect("policy-charter-versions")


class VersionListView(PolicyTeamRequiredMixin, ListView):
    template_name = "charter_portal/charter/version_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return CharterVersion.objects.annotate(signature_count=Count("signatures"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Charter versions",
            breadcrumbs=breadcrumbs(title="Charter versions", start="policy"),
            has_draft=any(v.status == CharterVersion.Status.DRAFT for v in self.object_list),
            **kwargs,
        )


class DraftCreateView(PolicyTeamRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        current = CharterVersion.objects.current()
        if current is None:
            raise Http404("There is no published version to start from.")
        try:
            draft = charter_version_draft(source=current)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect("policy-charter-versions")
        messages.success(request, f"Version {draft.number} drafted from version {current.number}.")
        return redirect("policy-charter-draft", number=draft.number)


class DraftView(DraftMixin, UnsentFormMixin, ConflictViewMixin, FormView):
    """A draft's text, with links to edit each principle and commitment. Two officers saving
    it: the later save is refused with the conflict page (409), what they typed kept."""

    template_name = "charter_portal/charter/draft.html"
    form_class = VersionForm
    conflict_what = "the draft"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_draft()}

    def get_initial(self):
        seen = record_values(self.get_draft(), VersionForm.Meta.fields)
        return {**super().get_initial(), "seen": seen_token(seen)}

    def form_valid(self, form):
        try:
            charter_version_update(
                version=form.instance,
                data={f: form.cleaned_data[f] for f in VersionForm.Meta.fields},
                seen=form.cleaned_data["seen"],
            )
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        messages.success(self.request, "The draft has been saved.")
        return redirect("policy-charter-draft", number=form.instance.number)

    def get_context_data(self, **kwargs):
        draft = self.get_draft()
        return super().get_context_data(
            page_title=f"Draft version {draft.number}",
            breadcrumbs=versions_crumbs((f"Version {draft.number}", None)),
            draft=draft,
            section_groups=[
                ("Principles", "principles", draft.principles.all()),
                ("Commitments", "commitments", draft.commitments.all()),
            ],
            **kwargs,
        )


class SectionEditView(DraftMixin, UnsentFormMixin, ConflictViewMixin, FormView):
    """Edit a principle or commitment of the draft. Two officers saving one section: the later
    save is refused with the conflict page (409), what they typed kept."""

    template_name = "charter_portal/charter/section_form.html"
    form_class = SectionForm
    conflict_what = "this section"

    def get_section(self):
        model = SECTION_MODELS.get(self.kwargs["kind"])
        if model is None:
            raise Http404("No such part of the charter.")
        return get_object_or_404(model, version=self.get_draft(), key=self.kwargs["key"])

    def get_initial(self):
        section = self.get_section()
        return {
            "title": section.title,
            "statements": "\n".join(section.statements),
            "seen": seen_token(record_values(section, SECTION_FIELDS)),
        }

    def form_valid(self, form):
        section = self.get_section()
        try:
            charter_section_update(
                section=section,
                title=form.cleaned_data["title"],
                statements=form.cleaned_data["statements"],
                seen=form.cleaned_data["seen"],
            )
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        messages.success(self.request, f"{form.cleaned_data['title']} has been saved.")
        return redirect("policy-charter-draft", number=section.version.number)

    def get_context_data(self, **kwargs):
        section = self.get_section()
        return super().get_context_data(
            page_title=f"Edit {section.title}",
            section=section,
            breadcrumbs=versions_crumbs(
                (f"Version {section.version.number}", draft_address(section.version.number)),
                (section.title, None),
            ),
            **kwargs,
        )


class PublishView(DraftMixin, TemplateView):
    """Check, then publish: the version before it is superseded and kept, and the councils
    that signed an earlier version are asked to re-affirm (their clerks are emailed). The page
    shows what changed from the current version, as the public "What changed" page will."""

    template_name = "charter_portal/charter/publish.html"

    def get_context_data(self, **kwargs):
        draft = CharterVersion.objects.with_contents().get(pk=self.get_draft().pk)
        current = CharterVersion.objects.current()
        return super().get_context_data(
            page_title=f"Publish version {draft.number}",
            breadcrumbs=versions_crumbs(
                (f"Version {draft.number}", draft_address(draft.number)), ("Publish", None)
            ),
            draft=draft,
            current=current,
            diff=version_diff(current, draft) if current else None,
            to_reaffirm=councils_to_reaffirm(version=draft).count(),
            **kwargs,
        )

    def post(self, request, number):
        draft = self.get_draft()
        if not draft.summary_of_changes.strip():
            messages.error(request, "Say what changed before publishing this version.")
            return redirect("policy-charter-draft", number=draft.number)
        try:
            _, batch = charter_version_publish_and_ask_to_reaffirm(
                version=draft, published_by=request.user
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect("policy-charter-draft", number=draft.number)
        asked = len({i.council_id for i in batch.queued})
        text = f"Version {draft.number} of the charter is published."
        if asked or batch.skipped:
            text += (
                f" We asked {asked} council{'s' if asked != 1 else ''} that signed an earlier "
                "version to re-affirm it."
            )
        if batch.skipped:
            text += (
                f" {len(batch.skipped)} could not be emailed (no clerk and no contact address): "
                + ", ".join(c.name for c in batch.skipped[:10])
                + ("…" if len(batch.skipped) > 10 else "")
                + "."
            )
        messages.success(request, text)
        if asked or batch.skipped:
            return redirect("councils:policy-reaffirmation")
        return redirect("commitments:charter")
