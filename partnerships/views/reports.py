"""The frozen quarterly and annual reports: a permanent address each, with CSV and JSON, and
the policy team's dated notes (corrections shown with the report, which never changes)."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import ListView, TemplateView, View

from councils.permissions import may
from ui.cache import ACTIONS, CHARTER, COUNCILS, PARTNERSHIPS, public_page
from ui.downloads import csv_response, json_response
from ui.views import titled

from ..forms import ReportNoteForm
from ..models import FrozenReport
from ..reports import report_note_add
from .manage import ServiceFormView
from .public import PagedListMixin

REPORTS_TITLE = "Quarterly and annual reports"
_SLUG = re.compile(r"^(\d{4})-(\d{2})-(?:q([1-4])|(annual))$")


def report_by_slug(slug: str) -> FrozenReport:
    match = _SLUG.match(slug)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise Http404("No such report.")
    quarter = int(match[3]) if match[3] else 0
    try:
        return FrozenReport.objects.prefetch_related("notes").get(
            year=int(match[1]), quarter=quarter
        )
    except FrozenReport.DoesNotExist:
        raise Http404("That report has not been frozen.") from None


@method_decorator(login_not_required, name="dispatch")
@method_decorator(
    public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS], reads=["page"]), name="get"
)
class ReportListView(PagedListMixin, ListView):
    template_name = "partnerships/reports.html"
    context_object_name = "reports"

    def get_queryset(self):
        return FrozenReport.objects.only("year", "quarter", "frozen_at").order_by(
            "-year", "-quarter"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **titled(REPORTS_TITLE),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS, ACTIONS, PARTNERSHIPS]), name="get")
class ReportDetailView(TemplateView):
    template_name = "partnerships/report_detail.html"

    def get_context_data(self, **kwargs):
        report = report_by_slug(self.kwargs["slug"])
        quarters = report.data["quarters"] if report.is_annual else [report.data]
        return super().get_context_data(
            **titled(report.label, (REPORTS_TITLE, reverse("partnerships:reports"))),
            report=report,
            quarters=quarters,
            manages=may(self.request.user, "partnerships.manage"),
            **kwargs,
        )


CSV_HEADER = ["quarter", "section", "name", "detail", "date", "value"]


def csv_rows(report: FrozenReport):
    quarters = report.data["quarters"] if report.is_annual else [report.data]
    for q in quarters:
        period = q["period"]
        yield [period, "signatories at the end", "", "", q["end"], q["signatories_at_end"]]
        for s in q["signed"]:
            yield [period, "signed", s["council"], "", s["date"], ""]
        for s in q["withdrawn"]:
            yield [period, "withdrawn", s["council"], "", s["date"], ""]
        for p in q["progress"]:
            yield [period, "progress reports", p["district"], p["commitment"], "", p["reports"]]
        for a in q["action_plan"]["added"]:
            yield [period, "action added", a["reference"], a["title"], "", ""]
        for a in q["action_plan"]["status_changes"]:
            yield [
                period,
                "action status change",
                a["reference"],
                f"{a['from']} to {a['to']}",
                a["date"],
                "",
            ]
        for r in q["overdue_reviews"]:
            yield [period, "overdue partnership review", r["name"], "", r["review_due_on"], ""]
        for r in q["significant_risks"]:
            yield [
                period,
                "significant risk",
                r["partnership"],
                r["risk"],
                "",
                r["likelihood"] * r["impact"],
            ]
    for note in report.notes.all():
        yield ["", "correction", "", note.text, note.date.isoformat(), ""]


@method_decorator(login_not_required, name="dispatch")
class ReportDownloadView(View):
    kind = "csv"

    def get(self, request, slug):
        report = report_by_slug(slug)
        if self.kind == "json":
            notes = [{"date": n.date, "text": n.text} for n in report.notes.all()]
            return json_response(
                f"{report.slug}.json",
                {
                    "report": report.label,
                    "frozen_at": report.frozen_at,
                    "data": report.data,
                    "corrections": notes,
                },
            )
        return csv_response(f"{report.slug}.csv", CSV_HEADER, csv_rows(report))


class ReportNoteView(ServiceFormView):
    form_class = ReportNoteForm
    heading = "Add a dated correction"
    button = "Add the correction"

    def get_object(self):
        if not hasattr(self, "report"):
            self.report = report_by_slug(self.kwargs["slug"])
        return self.report

    def perform(self, form):
        return report_note_add(report=self.get_object(), by=self.request.user, **form.cleaned_data)

    def success_message(self):
        return "Correction added to the report."

    def success_url(self):
        return self.get_object().get_absolute_url()
