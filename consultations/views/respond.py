"""Responding: a clerk for their council (any of its clerks may change the council's one
response until the closing date), or a person for themselves where the policy team allows it.

A draft is kept (``Save as a draft``); nothing typed is lost to a session that ended
(``ui.unsent``: the form comes back after signing in) or to two tabs (``ui.conflicts``: the
save from the stale tab is refused with 409 and both versions shown)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from councils.permissions import councils_acted_for
from councils.views.mixins import ClerkCouncilMixin
from ui.conflicts import ConflictViewMixin, EditConflict, seen_token
from ui.unsent import UnsentFormMixin

from .. import services
from ..forms import ResponseForm
from ..models import Response
from .public import consultation_for, consultations_crumbs


class ConsultationMixin:
    def get_consultation(self):
        if not hasattr(self, "_consultation"):
            self._consultation = consultation_for(self.request, self.kwargs["consultation"])
        return self._consultation

    def crumbs(self, *last):
        consultation = self.get_consultation()
        return consultations_crumbs((consultation.title, consultation.get_absolute_url()), *last)


class RespondStartView(ConsultationMixin, TemplateView):
    """Signed in: respond for which council, or for yourself where individuals may respond."""

    template_name = "consultations/respond_start.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        councils = list(councils_acted_for(self.request.user).order_by("name"))
        sent = {
            r.council_id: r
            for r in Response.objects.filter(consultation=consultation, council__in=councils)
        }
        return super().get_context_data(
            page_title=f"Respond: {consultation.title}",
            breadcrumbs=self.crumbs(("Respond", None)),
            consultation=consultation,
            councils=[(c, sent.get(c.pk)) for c in councils],
            is_open=consultation.is_open(),
            **kwargs,
        )


class ResponseFormMixin(ConsultationMixin, UnsentFormMixin, ConflictViewMixin):
    http_method_names = ["get", "post", "head", "options"]  # FormView's PUT would post
    template_name = "consultations/respond.html"
    form_class = ResponseForm
    conflict_what = "this response"

    def respondent_council(self):
        raise NotImplementedError

    def get_response(self) -> Response | None:
        if not hasattr(self, "_response"):
            found = Response.objects.filter(consultation=self.get_consultation())
            council = self.respondent_council()
            found = (
                found.filter(council=council)
                if council
                else found.filter(council__isnull=True, respondent=self.request.user)
            )
            self._response = found.prefetch_related("answers").first()
        return self._response

    def questions(self):
        if not hasattr(self, "_questions"):
            self._questions = list(self.get_consultation().questions.all())
        return self._questions

    @property
    def conflict_labels(self) -> dict[str, str]:
        """A comment named by its question in the table of a conflict (every comment box is
        labelled "Comments" on the form, under its question)."""
        return {
            services.answer_field_names(q)[1]: f"Comments on “{q.text}”" for q in self.questions()
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "questions": self.questions(),
            "individual": self.respondent_council() is None,
        }

    def get_initial(self):
        values = services.response_values(self.get_response(), self.questions())
        return {**values, "seen": seen_token(values if self.get_response() else None)}

    def form_valid(self, form):
        submit = "send" in self.request.POST
        try:
            response = services.response_save(
                consultation=self.get_consultation(),
                user=self.request.user,
                council=self.respondent_council(),
                answers=form.answers(),
                submit=submit,
                publish_consent=form.cleaned_data.get("publish_consent", False),
                seen=form.cleaned_data["seen"],
            )
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        if response.status == Response.Status.SUBMITTED:
            text = "Your response has been sent."
            if not submit:
                text = "Your changes to the response have been saved."
        else:
            text = "Your draft has been saved. It has not been sent yet."
        closes = self.get_consultation().closes_on
        messages.success(self.request, f"{text} You can change it until {closes:%-d %B %Y}.")
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        consultation = self.get_consultation()
        council = self.respondent_council()
        who = council.name if council else "yourself"
        return super().get_context_data(
            page_title=f"Respond for {who}: {consultation.title}",
            breadcrumbs=self.crumbs(
                ("Respond", f"{consultation.get_absolute_url()}respond/"), (who, None)
            ),
            consultation=consultation,
            council=council,
            response=self.get_response(),
            is_open=consultation.is_open(),
            **kwargs,
        )


class CouncilRespondView(ClerkCouncilMixin, ResponseFormMixin, FormView):
    """A clerk responds for their council (404 for any council they do not act for)."""

    def respondent_council(self):
        return self.get_council()


class IndividualRespondView(ResponseFormMixin, FormView):
    """A signed-in person responds for themselves, where the consultation allows it (404
    otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.get_consultation().individuals_allowed:
            raise Http404("Only councils may respond to this consultation.")
        return super().dispatch(request, *args, **kwargs)

    def respondent_council(self):
        return None
