"""Progress reports: the clerk's task list and report form, the public overview and
downloads, and the policy team's list of who has not reported and CSV upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import FormView, ListView, TemplateView, View

from commitments.models import Commitment, DataLicence
from ui.cache import CHARTER, COUNCILS, PROGRESS, public_page
from ui.conflicts import ConflictViewMixin, EditConflict, seen_token
from ui.downloads import csv_response, json_response
from ui.records import DOWNLOAD
from ui.unsent import UnsentFormMixin
from ui.views import breadcrumbs, file_errors_add, page_range

from ..forms.progress import (
    ProgressDownloadForm,
    ProgressPeriodForm,
    ProgressReportForm,
    ProgressUploadForm,
)
from ..models import Council, LinkCheck, ProgressReport, ReportingPeriod
from ..schemas import PROGRESS_REPORT
from ..services.progress import (
    ProgressImportError,
    progress_reminders_send,
    progress_report_no_change,
    progress_report_previous,
    progress_report_save,
    progress_report_values,
    progress_reports_import,
)
from .mixins import ClerkCouncilMixin, PolicyTeamRequiredMixin, council_crumbs

DISTRICTS_PER_PAGE = 50


def _is_signatory(council: Council) -> bool:
    return council.status == Council.Status.SIGNED and council.signed_version_id is not None


# --- Clerks: the task list and the report form ---------------------------------------------


class ClerkProgressMixin(ClerkCouncilMixin):
    def get_context_data(self, **kwargs):
        council = self.get_council()
        tasks_url = reverse("councils:progress-tasks", kwargs={"slug": council.slug})
        kwargs.setdefault("period", ReportingPeriod.current())
        return super().get_context_data(
            council=council,
            is_signatory=_is_signatory(council),
            tasks_url=tasks_url,
            **kwargs,
        )


class ProgressTasksView(ClerkProgressMixin, TemplateView):
    """The council's reports for each quarter still open for reports (this quarter first, then
    the earlier ones in their time for reports, each with its "report by" date): which
    commitments have one and which do not."""

    template_name = "councils/progress/tasks.html"

    def get_context_data(self, **kwargs):
        council = self.get_council()
        current = ReportingPeriod.current()
        sections = []
        if _is_signatory(council):
            commitments = list(council.signed_version.commitments.order_by("order"))
            reports = council.progress_reports.all()
            for period in reversed(ReportingPeriod.open_periods()):
                this_quarter = {r.commitment_id: r for r in reports.in_period(period)}
                before = {
                    r.commitment.key: r
                    for r in reports.latest_per_commitment(period.previous()).select_related(
                        "commitment"
                    )
                }
                tasks = [
                    {
                        "commitment": commitment,
                        "report": this_quarter.get(commitment.pk),
                        "previous": before.get(commitment.key),
                    }
                    for commitment in commitments
                ]
                sections.append(
                    {
                        "period": period,
                        "is_current": period == current,
                        "tasks": tasks,
                        "done": sum(1 for t in tasks if t["report"]),
                        # Reported before, not yet this quarter: "No change since ..." applies.
                        "no_change": [t for t in tasks if t["previous"] and not t["report"]],
                        "query": "" if period == current else f"?period={period.slug}",
                    }
                )
        first = sections[0] if sections else {"tasks": [], "done": 0}
        return super().get_context_data(
            sections=sections,
            # The council's links that failed their last weekly check, for its clerks to fix.
            broken_links=list(LinkCheck.objects.broken().filter(council=council)),
            tasks=first["tasks"],
            done=first["done"],
            page_title=f"Progress of {council.name}",
            breadcrumbs=council_crumbs(council, ("Progress", None)),
            **kwargs,
        )


class ReportPeriodMixin(ClerkProgressMixin):
    """One commitment of the council's signed version, for the quarter in ``?period=`` (this
    quarter when not given; a quarter not started, or nonsense, is not found)."""

    def dispatch(self, request, *args, **kwargs):
        council = self.get_council()
        if not _is_signatory(council):
            messages.info(request, f"{council.name} has not signed the charter yet.")
            return redirect("councils:progress-tasks", slug=council.slug)
        return super().dispatch(request, *args, **kwargs)

    def get_period(self) -> ReportingPeriod:
        if not hasattr(self, "_period"):
            text = self.request.GET.get("period", "")
            try:
                period = ReportingPeriod.from_slug(text) if text else ReportingPeriod.current()
            except ValueError:
                raise Http404("No such quarter.") from None
            if period > ReportingPeriod.current():
                raise Http404("That quarter has not started yet.")
            self._period = period
        return self._period

    def get_commitment(self) -> Commitment:
        if not hasattr(self, "_commitment"):
            council = self.get_council()
            self._commitment = Commitment.objects.filter(
                version_id=council.signed_version_id, key=self.kwargs["key"]
            ).first()
            if self._commitment is None:
                raise Http404("No such commitment in the charter version the council signed.")
        return self._commitment

    def get_context_data(self, **kwargs):
        kwargs.setdefault("period", self.get_period())
        return super().get_context_data(**kwargs)


class ProgressReportView(ReportPeriodMixin, UnsentFormMixin, ConflictViewMixin, FormView):
    """Report, or correct, a quarter's progress on one commitment (this quarter, or an earlier
    one: on time until its "report by" date, late after it). Two clerks saving the same report:
    the later save is refused with the conflict page (409), what they typed kept."""

    conflict_what = "this report"

    template_name = "councils/progress/report_form.html"
    form_class = ProgressReportForm

    def get_reports(self):
        """The period's report (or None) and the latest one before it (or None)."""
        if not hasattr(self, "_reports"):
            period = self.get_period()
            found = list(
                self.get_council()
                .progress_reports.filter(commitment__key=self.get_commitment().key)
                .up_to(period)
                .latest_first()[:2]
            )
            current = found[0] if found and found[0].period == period else None
            earlier = [r for r in found if r is not current][:1]
            self._reports = (current, earlier[0] if earlier else None)
        return self._reports

    def get_initial(self):
        current, earlier = self.get_reports()
        report = current or earlier
        seen = {"seen": seen_token(progress_report_values(current) or {})}
        if report is None:
            return seen
        return {
            **seen,
            "status": report.status,
            "what_we_did": report.what_we_did,
            "evidence_links": "\n".join(report.evidence_links),
            "not_applicable_reason": report.not_applicable_reason,
        }

    def get_context_data(self, **kwargs):
        council, commitment = self.get_council(), self.get_commitment()
        current, earlier = self.get_reports()
        period = self.get_period()
        return super().get_context_data(
            commitment=commitment,
            report=current,
            earlier=earlier,
            is_late=timezone.localdate() > period.report_by,
            page_title=f"{commitment.title}: progress of {council.name}",
            breadcrumbs=council_crumbs(
                council,
                ("Progress", reverse("councils:progress-tasks", kwargs={"slug": council.slug})),
                (commitment.title, None),
            ),
            **kwargs,
        )

    def form_valid(self, form):
        council, commitment = self.get_council(), self.get_commitment()
        try:
            report, created = progress_report_save(
                council=council,
                commitment=commitment,
                period=self.get_period(),
                user=self.request.user,
                **form.cleaned_data,
            )
        except EditConflict as conflict:
            return self.conflict_response(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{'Saved' if created else 'Corrected'} the report on {commitment.title} for "
            f"{report.period}{' (late)' if report.late else ''}.",
        )
        return redirect("councils:progress-tasks", slug=council.slug)


class ProgressNoChangeView(ReportPeriodMixin, TemplateView):
    """ "No change since last quarter": a check page showing the last report, which POST copies
    into the quarter as its report. Only for a commitment reported before and not yet this
    quarter; otherwise back to the task list with why."""

    template_name = "councils/progress/no_change.html"

    def get_previous(self):
        return progress_report_previous(
            council=self.get_council(), commitment=self.get_commitment(), period=self.get_period()
        )

    def get(self, request, *args, **kwargs):
        if self.get_previous() is None:
            messages.info(
                request,
                f"{self.get_council().name} has not reported on "
                f"“{self.get_commitment().title}” before: report it instead.",
            )
            return redirect("councils:progress-tasks", slug=self.get_council().slug)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        council, commitment, period = self.get_council(), self.get_commitment(), self.get_period()
        previous = self.get_previous()
        try:
            report = progress_report_no_change(
                council=council, commitment=commitment, period=period, user=request.user
            )
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Saved the report on {commitment.title} for {period}: no change since "
                f"{previous.period}{' (late)' if report.late else ''}.",
            )
        return redirect("councils:progress-tasks", slug=council.slug)

    def get_context_data(self, **kwargs):
        council, commitment = self.get_council(), self.get_commitment()
        period = self.get_period()
        tasks_url = reverse("councils:progress-tasks", kwargs={"slug": council.slug})
        return super().get_context_data(
            commitment=commitment,
            previous=self.get_previous(),
            is_late=timezone.localdate() > period.report_by,
            page_title=f"No change on {commitment.title} since the last report",
            breadcrumbs=council_crumbs(council, ("Progress", tasks_url), (commitment.title, None)),
            **kwargs,
        )


# --- Everyone: the overview and the downloads ------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[CHARTER, COUNCILS, PROGRESS], reads=["period", "page"]), name="get"
)
class ProgressOverviewView(TemplateView):
    """Districts against commitments: how far the signatories have got, for one period."""

    template_name = "councils/progress/overview.html"

    def get_commitments(self) -> list[Commitment]:
        if not hasattr(self, "_commitments"):
            self._commitments = list(Commitment.objects.current().order_by("order"))
        return self._commitments

    def get_context_data(self, download_form=None, **kwargs):
        period_form = ProgressPeriodForm(self.request.GET if "period" in self.request.GET else None)
        period = ReportingPeriod.current()
        if period_form.is_valid() and period_form.cleaned_data["period"]:
            period = period_form.cleaned_data["period"]
        commitments = self.get_commitments()
        if download_form is None:
            download_form = ProgressDownloadForm(commitments=commitments)
        overview = ProgressReport.objects.overview(period=period, commitments=commitments)
        # the districts a page at a time (England has ~300), the total on every page.
        paginator = Paginator(overview.rows, DISTRICTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            form=period_form,
            download_form=download_form,
            overview=overview,
            paginator=paginator,
            page_obj=page,
            page_range=page_range(page),
            page_title="Progress against the commitments",
            breadcrumbs=breadcrumbs(title="Progress"),
            **kwargs,
        )


class ProgressDownloadView(ProgressOverviewView):
    """Progress reports as a file, filtered like the overview. No clerk's personal data."""

    def get(self, request, *args, **kwargs):
        form = ProgressDownloadForm(request.GET, commitments=self.get_commitments())
        if not form.is_valid():
            context = self.get_context_data(download_form=form, **kwargs)
            return self.render_to_response(context, status=400)
        reports = form.filter(ProgressReport.objects.for_download()).order_by(
            "-period_year", "-period_quarter", "council__name", "commitment__order"
        )
        period = form.cleaned_data["period"]
        name = "progress-reports" + (f"-{period.year}-{period.quarter}" if period else "")
        return self.respond(
            name, (PROGRESS_REPORT.record(r) for r in reports.iterator(chunk_size=2000))
        )


class ProgressCsvView(ProgressDownloadView):
    def respond(self, name, rows):
        return csv_response(
            f"{name}.csv",
            PROGRESS_REPORT.names(DOWNLOAD),
            PROGRESS_REPORT.csv_rows(rows),
            licence=DataLicence.objects.current(),
        )


class ProgressJsonView(ProgressDownloadView):
    def respond(self, name, rows):
        return json_response(
            f"{name}.json", {"progress_reports": list(rows)}, licence=DataLicence.objects.current()
        )


# --- The policy team ---------------------------------------------------------------------------


class PolicyProgressView(PolicyTeamRequiredMixin, ListView):
    """Signatories that have not reported on every commitment this quarter."""

    template_name = "councils/progress/policy_progress.html"
    context_object_name = "councils"
    paginate_by = 100

    def get_queryset(self):
        return ProgressReport.objects.signatories_not_reported(ReportingPeriod.current())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            period=ReportingPeriod.current(),
            page_title="Progress reports: who has not reported",
            breadcrumbs=breadcrumbs(title="Progress reports", start="policy"),
            **kwargs,
        )
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class ProgressRemindersView(PolicyTeamRequiredMixin, View):
    """Send a reminder to every signatory that has not reported this quarter (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        period = ReportingPeriod.current()
        count = progress_reminders_send(period=period, user=request.user)
        if count:
            messages.success(
                request,
                f"Reminders for {period} are being sent to {count} "
                f"council{'s' if count != 1 else ''}.",
            )
        else:
            messages.info(
                request,
                f"No reminders sent: every signatory has reported for {period}, or was reminded "
                "in the last day (a council gets at most one reminder a day).",
            )
        return redirect("councils:policy-progress")


class ProgressUploadView(PolicyTeamRequiredMixin, FormView):
    template_name = "councils/progress/upload.html"
    form_class = ProgressUploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            period=ReportingPeriod.current(),
            page_title="Upload progress reports",
            breadcrumbs=breadcrumbs(
                ("Progress reports", reverse("councils:policy-progress")),
                title="Upload",
                start="policy",
            ),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            result = progress_reports_import(text=form.cleaned_data["file"], user=self.request.user)
        except ProgressImportError as error:
            file_errors_add(form, error.errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Uploaded {result.total} progress report{'s' if result.total != 1 else ''}: "
            f"{len(result.created)} new, {len(result.updated)} corrected, "
            f"{len(result.unchanged)} unchanged.",
        )
        return redirect("councils:policy-progress")
