"""The policy team's pages: open a draft version for consultation, change it and its
questions, invite councils to respond, read the responses, and write the themes ("You said,
we did"). Every view needs ``PolicyTeamRequiredMixin``; the services do the writing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView

from councils.views.mixins import PolicyTeamRequiredMixin
from ui.conflicts import ConflictViewMixin, EditConflict, seen_token
from ui.unsent import UnsentFormMixin
from ui.views import FormPageMixin, PagedListMixin, crumbs_under, form_errors_add, titled

from .. import services
from ..forms import ConsultationForm, QuestionForm, ThemeForm
from ..models import Consultation, Question, Response, Theme
from .public import LIST_TITLE

MANAGE_TITLE = "Manage consultations"
PAGE_SIZE = 50


_crumbs = crumbs_under(MANAGE_TITLE, "consultations:manage", start="policy")


class ManageView(PolicyTeamRequiredMixin, ListView):
    template_name = "consultations/manage.html"
    context_object_name = "consultations"

    def get_queryset(self):
        return Consultation.objects.with_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(MANAGE_TITLE, start="policy"),
            **kwargs,
        )


def _initial(record, fields) -> dict:
    """A form's first values for changing ``record``: its ``fields``, and the token of what the
    officer has seen (``ui.conflicts``), so a later change by someone else is caught."""
    values = {f: getattr(record, f) for f in fields}
    return {**values, "seen": seen_token(values)}


class ManageConsultationMixin(PolicyTeamRequiredMixin):
    """The pages of one consultation, named by the address's ``consultation`` slug (404 if
    none has it)."""

    def get_consultation(self) -> Consultation:
        if not hasattr(self, "_consultation"):
            self._consultation = get_object_or_404(
                Consultation.objects.select_related("version"), slug=self.kwargs["consultation"]
            )
        return self._consultation

    def caption(self) -> str:
        """Above a form's heading: the consultation's title."""
        return self.get_consultation().title

    def get_part(self, related: str) -> Question | Theme | None:
        """The consultation's question or theme (``related``: ``"questions"``, ``"themes"``)
        named by the address's ``pk``; None on a page that adds one; 404 if it has none."""
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(getattr(self.get_consultation(), related), pk=self.kwargs["pk"])


class ServiceFormView(UnsentFormMixin, ConflictViewMixin, FormPageMixin, FormView):
    """POST, redirect, GET with a message; a service's ValidationError next to its field; an
    edit over another officer's change is a 409 with both versions."""

    http_method_names = ["get", "post", "head", "options"]  # FormView's PUT would post
    crumbs = staticmethod(_crumbs)

    def caption(self) -> str:
        return MANAGE_TITLE

    def cancel_url(self) -> str:
        return reverse("consultations:manage")

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, self.success_message())
        return redirect(self.success_url())

    def perform(self, form):
        raise NotImplementedError

    def success_message(self) -> str:
        return "Saved."

    def success_url(self) -> str:
        return self.result.get_absolute_url()


class ConsultationCreateView(PolicyTeamRequiredMixin, ServiceFormView):
    form_class = ConsultationForm
    heading = "Open a draft for consultation"
    button = "Open the consultation"

    def perform(self, form):
        data = form.cleaned_data
        return services.consultation_open(
            version=data["version"],
            title=data["title"],
            summary=data["summary"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            individuals_allowed=data["individuals_allowed"],
        )

    def success_message(self):
        return f"{self.result.title} is set up, with the standard questions."

    def success_url(self):
        return reverse("consultations:manage")


class ConsultationEditView(ManageConsultationMixin, ServiceFormView):
    form_class = ConsultationForm
    heading = "Change the consultation"
    conflict_what = "the consultation"

    def cancel_url(self):
        return self.get_consultation().get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "opening": False}

    def get_initial(self):
        return _initial(self.get_consultation(), services.CONSULTATION_FIELDS)

    def perform(self, form):
        data = {f: form.cleaned_data[f] for f in services.CONSULTATION_FIELDS}
        return services.consultation_update(
            consultation=self.get_consultation(), data=data, seen=form.cleaned_data["seen"]
        )

    def success_message(self):
        return f"{self.result.title} has been saved."


class QuestionSaveView(ManageConsultationMixin, ServiceFormView):
    form_class = QuestionForm
    heading = "Add a question"

    def get_question(self) -> Question | None:
        return self.get_part("questions")

    def cancel_url(self):
        return reverse("consultations:manage")

    def get(self, request, *args, **kwargs):
        # Once the questions are fixed the page says why, instead of a form that would fail.
        why = services.questions_fixed_why(self.get_consultation())
        if why:
            self.template_name = "consultations/questions_fixed.html"
            return self.render_to_response(self.get_context_data(why=why, form=None))
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        question = self.get_question()
        return {"section": question.section, "text": question.text} if question else {}

    def perform(self, form):
        return services.question_save(
            consultation=self.get_consultation(), question=self.get_question(), **form.cleaned_data
        )

    def success_message(self):
        return "The question has been saved."

    def success_url(self):
        return reverse("consultations:manage")


class QuestionEditView(QuestionSaveView):
    heading = "Change the question"


class ThemeSaveView(ManageConsultationMixin, ServiceFormView):
    """Add or change a theme: "You said", "We did", the sections that changed."""

    form_class = ThemeForm
    heading = "Add a theme"
    conflict_what = "this theme"

    def get_theme(self) -> Theme | None:
        return self.get_part("themes")

    def cancel_url(self):
        return self.get_consultation().get_absolute_url()

    def get_form_kwargs(self):
        choices = services.section_choices(self.get_consultation().version)
        return {**super().get_form_kwargs(), "section_choices": choices}

    def get_initial(self):
        theme = self.get_theme()
        if theme is None:
            return {"seen": seen_token(None)}
        return _initial(theme, services.THEME_FIELDS)

    def perform(self, form):
        data = form.cleaned_data
        return services.theme_save(
            consultation=self.get_consultation(),
            theme=self.get_theme(),
            you_said=data["you_said"],
            we_did=data["we_did"],
            changed_sections=data["changed_sections"],
            seen=data["seen"],
        )

    def success_message(self):
        return f"Theme {self.result.order} has been saved."

    def success_url(self):
        return self.get_consultation().get_absolute_url() + "#themes"


class ThemeEditView(ThemeSaveView):
    heading = "Change the theme"


class InviteView(ManageConsultationMixin, TemplateView):
    """How many councils are still to invite; POST invites them (one email a day at most)."""

    template_name = "consultations/invite.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        return super().get_context_data(
            page_title="Invite councils to respond",
            breadcrumbs=_crumbs(("Invite councils to respond", None)),
            consultation=consultation,
            to_invite=services.councils_not_invited(consultation=consultation).count(),
            unreachable=services.councils_unreachable(
                services.councils_not_invited(consultation=consultation)
            ).count(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        consultation = self.get_consultation()
        try:
            batch = services.consultation_invite(
                consultation=consultation,
                councils=services.councils_not_invited(consultation=consultation),
                invited_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("consultations:invite", consultation=consultation.slug)
        text = f"{len(batch.queued)} council{'s' if len(batch.queued) != 1 else ''} invited."
        if batch.too_soon:
            text += f" {len(batch.too_soon)} emailed in the last day: not emailed again today."
        if batch.skipped:
            text += f" {len(batch.skipped)} have no contact address."
        messages.success(request, text)
        return redirect("consultations:invite", consultation=consultation.slug)


class ResponsesView(ManageConsultationMixin, PagedListMixin, ListView):
    """Every response, sent or draft, with its answers, 50 a page."""

    template_name = "consultations/responses.html"
    context_object_name = "responses"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            Response.objects.filter(consultation=self.get_consultation())
            .for_list()
            .order_by("-status", "council__name", "pk")
        )

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        return super().get_context_data(
            page_title=f"Responses: {consultation.title}",
            breadcrumbs=_crumbs(("Responses", None)),
            consultation=consultation,
            questions=list(consultation.questions.all()),
            list_title=LIST_TITLE,
            **kwargs,
        )
