"""Pages that combine the apps: the home page, the commitment page, and the site's own pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from actions.models import ActionItem  # the action plan
from commitments.models import CharterVersion
from commitments.views import (
    CharterView,
    CommitmentDetailView,
    PrincipleDetailView,
    VersionDetailView,
)
from consultations.models import Consultation
from councils.models import Council, ProgressReport
from councils.views.mixins import PolicyTeamRequiredMixin
from councils.views.policy import policy_dashboard_summary
from councils.views.public import CouncilDetailView
from partnerships.models import Meeting, Partnership  # the partnerships register
from toolkit.models import Resource
from ui.cache import CHARTER, SITE, TOOLKIT, every_page_group, public_page
from ui.views import breadcrumbs

HOME_MEETINGS = 3  # the next meetings of the partnerships register on the home page


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[*every_page_group()]), name="get")
class HomeView(TemplateView):
    template_name = "charter_portal/home.html"

    def get_context_data(self, **kwargs):
        counts = Council.objects.current().status_counts()
        return super().get_context_data(
            version=CharterVersion.objects.current(),
            signed_count=counts[Council.Status.SIGNED],
            council_count=sum(counts.values()),
            next_meetings=list(Meeting.objects.upcoming().select_related("series")[:HOME_MEETINGS]),
            **kwargs,
        )


class ConsultationLinksMixin:
    """The charter's page, or a version's, with links to the consultation on that version
    ("You said, we did") and to any consultation open now."""

    template_name = "charter_portal/charter_page.html"

    def get_context_data(self, **kwargs):
        consultations = list(Consultation.objects.public().select_related("version"))
        today = timezone.localdate()
        return super().get_context_data(
            version_consultation=next(
                (c for c in consultations if c.version_id == self.object.pk), None
            ),
            open_consultations=[c for c in consultations if c.is_open(today)],
            **kwargs,
        )


# Public and kept in the page cache as their parents are (their dispatch and get, inherited).
class CharterPageView(ConsultationLinksMixin, CharterView):
    pass


class VersionPageView(ConsultationLinksMixin, VersionDetailView):
    pass


COMMITMENT_ACTIONS_SHOWN = 20


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[*every_page_group()], reads=["version"]), name="get")
class CommitmentPageView(CommitmentDetailView):
    """A commitment, with what councils report and the actions that serve it.

    Each higher app adds its panel: a partial (``councils/_commitment_progress.html``,
    ``actions/_commitment_actions.html``) and the context it needs, below.
    """

    template_name = "charter_portal/commitment_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # action plan: the public actions serving this commitment, the first few
        # (the plan can be long; the link under them lists them all)
        actions = ActionItem.objects.for_commitment_page(self.object.key)
        actions = list(actions[: COMMITMENT_ACTIONS_SHOWN + 1])
        context["commitment_actions"] = actions[:COMMITMENT_ACTIONS_SHOWN]
        context["commitment_actions_more"] = len(actions) > COMMITMENT_ACTIONS_SHOWN
        # progress reports (councils): the spread of statuses across signatories
        context["progress_spread"] = ProgressReport.objects.status_spread(key=self.object.key)
        # toolkit: the published resources that serve this commitment, the first few
        context.update(_section_resources(Resource.objects.serving(commitment_key=self.object.key)))
        return context


SECTION_RESOURCES_SHOWN = 10


def _section_resources(resources) -> dict:
    """The first ``SECTION_RESOURCES_SHOWN`` of ``resources`` and whether there are more (one
    query, however many there are)."""
    shown = list(resources[: SECTION_RESOURCES_SHOWN + 1])
    return {
        "section_resources": shown[:SECTION_RESOURCES_SHOWN],
        "section_resources_more": len(shown) > SECTION_RESOURCES_SHOWN,
    }


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, TOOLKIT], reads=["version"]), name="get")
class PrinciplePageView(PrincipleDetailView):
    """A principle, with the toolkit's resources that serve it."""

    template_name = "charter_portal/principle_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_section_resources(Resource.objects.serving(principle_key=self.object.key)))
        return context


DASHBOARD_OVERDUE = 10  # overdue partnership reviews listed; the rest on the manage page


COUNCIL_PARTNERSHIPS_SHOWN = 20


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[*every_page_group()]), name="get")
class CouncilPageView(CouncilDetailView):
    """A council's page, with the partnerships it leads or belongs to (the first few, and a
    link to the register filtered to the council)."""

    template_name = "charter_portal/council_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = list(
            Partnership.objects.active()
            .of_council(self.object)
            .order_by("name")[: COUNCIL_PARTNERSHIPS_SHOWN + 1]
        )
        context["council_partnerships"] = shown[:COUNCIL_PARTNERSHIPS_SHOWN]
        context["council_partnerships_more"] = len(shown) > COUNCIL_PARTNERSHIPS_SHOWN
        return context


class PolicyDashboardView(PolicyTeamRequiredMixin, TemplateView):
    """The policy team's start page. Each app adds its own panel (a ``_policy_dashboard.html``
    partial in its templates) and the context it needs through ``get_context_data``."""

    template_name = "charter_portal/policy_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(page_title="Policy team", **kwargs)
        context["action_plan_counts"] = ActionItem.objects.dashboard_counts()  # action plan
        context["register_summary"] = Council.objects.current().register_summary()  # register
        context["progress_summary"] = ProgressReport.objects.policy_summary()  # progress reports
        context["clerks_signatures"] = policy_dashboard_summary()  # clerks and signatures
        # partnerships: overdue annual reviews
        context["partnership_counts"] = Partnership.objects.dashboard_counts()
        context["toolkit_counts"] = Resource.objects.dashboard_counts()  # toolkit
        context["partnership_reviews_overdue"] = list(
            Partnership.objects.review_overdue().order_by("review_due_on")[:DASHBOARD_OVERDUE]
        )
        return context


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[SITE]), name="get")
class SitePageView(TemplateView):
    page_title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            breadcrumbs=breadcrumbs(title=self.page_title),
            **kwargs,
        )


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# --- Benchmark: the ceiling, a view that does nothing, for bench/run ---
@login_not_required
def ping(request):
    """A few bytes, no database, no template: the fastest the server can answer (bench/)."""
    return HttpResponse(b"ok", content_type="text/plain")


# --- end of benchmark ---


def page_not_found(request, exception=None):
    return render(request, "404.html", {"page_title": "Page not found"}, status=404)


def server_error(request):
    # Rendered without the request: context processors may need the database, which may be
    # what failed.
    html = loader.get_template("500.html").render({"page_title": "Sorry, there is a problem"})
    return HttpResponseServerError(html)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"page_title": "You cannot see this page"}, status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", {"page_title": "Bad request"}, status=400)
