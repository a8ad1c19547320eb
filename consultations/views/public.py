"""The public pages: the list of consultations, "You said, we did" for each, and the CSV of
its responses. Anyone may read them; the queries of each page stay the same however many
responses a consultation has (``bench/``, ``tests/test_performance_pages.py``)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, View

from commitments.diff import version_diff
from commitments.models import CharterVersion, DataLicence
from councils.permissions import may
from councils.views.mixins import ManagesMixin
from ui.cache import CHARTER, CONSULTATIONS, public_page
from ui.downloads import csv_response
from ui.views import breadcrumbs, crumbs_under

from ..models import Answer, Consultation, Response
from ..services import consultation_counts, consultation_results, section_choices

LIST_TITLE = "Consultations on the charter"

# Every public page of the consultations sits under their list.
consultations_crumbs = crumbs_under(LIST_TITLE, "consultations:list")


class ConsultationPageMixin:
    """A public page of one consultation, named by the slug ``kwargs["consultation"]`` and
    found as ``consultation_for`` finds it (404 for one the user may not see)."""

    context_object_name = "consultation"

    def get_object(self, queryset=None):
        return consultation_for(self.request, self.kwargs["consultation"])


# The headings of a version's page (``templates/commitments/charter.html``) by section kind.
_PART_ANCHORS = {"aims": "aims", "principle": "principles", "commitment": "commitments"}


def consultation_for(request, slug: str) -> Consultation:
    """The consultation by its slug: one not yet open only for the policy team (else 404)."""
    found = Consultation.objects.select_related("version")
    if not may(request.user, "consultations.manage"):
        found = found.public()
    return get_object_or_404(found, slug=slug)


class Manages(ManagesMixin):
    """``manages``: whether the user runs consultations."""

    manages_rule = "consultations.manage"


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CONSULTATIONS, CHARTER]), name="get")
class ConsultationListView(Manages, ListView):
    template_name = "consultations/list.html"
    context_object_name = "consultations"

    def get_queryset(self):
        found = Consultation.objects.with_counts()
        return found if may(self.request.user, "consultations.manage") else found.public()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=LIST_TITLE,
            breadcrumbs=breadcrumbs(title=LIST_TITLE),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CONSULTATIONS, CHARTER]), name="get")
class ConsultationDetailView(Manages, ConsultationPageMixin, DetailView):
    """ "You said, we did": the dates, how many responded, the share agreeing with each question
    (a chart whose numbers are the table), each theme with what was done, the sources."""

    template_name = "consultations/detail.html"

    def get_context_data(self, **kwargs):
        consultation = self.object
        labels = dict(section_choices(consultation.version))
        version_url = consultation.version_url()
        themes = [
            (
                theme,
                [
                    (
                        f"{version_url}#{_PART_ANCHORS.get(key.partition(':')[0], '')}",
                        labels.get(key, key),
                    )
                    for key in theme.changed_sections
                ],
            )
            for theme in consultation.themes.all()
        ]
        return super().get_context_data(
            page_title=f"You said, we did: {consultation.title}",
            breadcrumbs=consultations_crumbs((consultation.title, None)),
            counts=consultation_counts(consultation),
            results=consultation_results(consultation),
            themes=themes,
            is_open=consultation.is_open(),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CONSULTATIONS, CHARTER]), name="get")
class ConsultationDraftView(ConsultationPageMixin, DetailView):
    """The version consulted on, for those consulted to read while it is still a draft (its
    own page is the policy team's alone): its full text, and what changed from the version
    before it (the published one while it is a draft). Public as the consultation's page is.
    Constant queries: the consultation, the earlier version's number, both versions with their
    contents."""

    template_name = "consultations/draft.html"

    def get_context_data(self, **kwargs):
        consultation = self.object
        number = consultation.version.number
        earlier = (
            CharterVersion.objects.public()
            .filter(number__lt=number)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        both = {
            v.number: v
            for v in CharterVersion.objects.with_contents().filter(
                number__in=[number] if earlier is None else [number, earlier]
            )
        }
        version = both[number]
        title = f"Version {number} of the charter: {consultation.title}"
        return super().get_context_data(
            page_title=title,
            breadcrumbs=consultations_crumbs(
                (consultation.title, consultation.get_absolute_url()),
                (f"Version {number} of the charter", None),
            ),
            version=version,
            diff=None if earlier is None else version_diff(both[earlier], version),
            is_open=consultation.is_open(),
            **kwargs,
        )


DOWNLOAD_HEADER_START = ["response", "respondent_type", "council", "council_slug", "sent_on"]


@method_decorator(login_not_required, name="dispatch")
class ResponsesDownloadView(View):
    """Every sent response as CSV: what a council said, and what an individual said only if
    they agreed to its publication. No names or addresses of people, ever."""

    def get(self, request, consultation):
        consultation = consultation_for(request, consultation)
        questions = list(consultation.questions.all())
        header = list(DOWNLOAD_HEADER_START)
        for question in questions:
            header += [f"q{question.order}_answer", f"q{question.order}_comment"]
        published = (
            Response.objects.submitted()
            .filter(consultation=consultation)
            .exclude(council__isnull=True, publish_consent=False)
        )
        # Two streamed queries, both in response order, walked side by side: the file's cost
        # stays two queries and one pass however many respond.
        responses = published.order_by("pk").values_list(
            "pk", "council__name", "council__slug", "submitted_at"
        )
        answers = (
            Answer.objects.filter(response__in=published.values("pk"))
            .order_by("response_id")
            .values_list("response_id", "question_id", "choice", "comment")
        )
        labels = dict(Answer.Choice.choices)

        def rows():
            pending = answers.iterator(chunk_size=2000)
            answer = next(pending, None)
            for number, (pk, name, slug, submitted_at) in enumerate(
                responses.iterator(chunk_size=2000), start=1
            ):
                given = {}
                while answer is not None and answer[0] == pk:
                    given[answer[1]] = answer[2:]
                    answer = next(pending, None)
                row = [
                    number,
                    "council" if slug else "individual",
                    name or "",
                    slug or "",
                    submitted_at.date().isoformat(),
                ]
                for question in questions:
                    choice, comment = given.get(question.pk, ("", ""))
                    row += [labels.get(choice, ""), comment]
                yield row

        return csv_response(
            f"{consultation.slug}-responses.csv",
            header,
            rows(),
            licence=DataLicence.objects.current(),
        )
