"""The open data's pages: "Data and API" (what there is, the licence, examples), the bulk
download, and the policy team's page that sets the licence's attribution line."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import FormView, TemplateView, View

from commitments.models import DataLicence
from commitments.services import data_licence_update
from councils.views.mixins import PolicyTeamRequiredMixin
from ui.cache import conditional, data_version, every_page_group, public_page
from ui.forms import GovukForm
from ui.unsent import UnsentFormMixin
from ui.views import breadcrumbs

from .datasets import DATASETS, ZIP_NAME, bulk_zip_path

# The API's addresses as the page lists them: (path under /api/v1/, what it gives, an example).
ENDPOINTS = [
    ("councils/", "Councils, with status and GSS codes", "councils/?status=signed&kind=town"),
    ("councils/{slug}/", "One council", "councils/adderbury-parish-council/"),
    ("signatures/", "Signatures of the charter", "signatures/?charter_version=1"),
    ("progress-reports/", "Progress reports", "progress-reports/?commitment=communication"),
    ("action-items/", "The public action plan", "action-items/?status=on-track&overdue=yes"),
    ("action-items/{reference}/", "One action", "action-items/A-1/"),
    ("action-updates/", "Updates to the action plan", "action-updates/?item=A-1"),
    ("charter-versions/", "Versions of the charter and their sections", "charter-versions/"),
    ("charter-versions/{number}/", "One version of the charter", "charter-versions/1/"),
]


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[*every_page_group()]), name="get")
class DataPageView(TemplateView):
    """ "Data and API": the licence, the bulk download, the API's addresses with examples."""

    template_name = "api/data.html"

    def get_context_data(self, **kwargs):
        api = f"{settings.SITE_URL}{reverse('api:api-root')}"
        return super().get_context_data(
            page_title="Data and API",
            breadcrumbs=breadcrumbs(title="Data and API"),
            licence=DataLicence.objects.current(),
            api=api,
            schema=f"{settings.SITE_URL}{reverse('api:schema')}",
            endpoints=[(path, what, f"{api}{example}") for path, what, example in ENDPOINTS],
            datasets=DATASETS,
            example_council=f"{api}councils/adderbury-parish-council/",
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(conditional, name="get")
class BulkDownloadView(View):
    """The ZIP of every dataset: built by the first request after a write, then served as a
    file until the next write."""

    def get(self, request):
        generation, changed_at = data_version()
        path = bulk_zip_path(f"{generation}{int(changed_at * 1000)}")
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=ZIP_NAME, content_type="application/zip"
        )
        response["Link"] = DataLicence.objects.current().link_header()
        return response


class LicenceForm(GovukForm):
    attribution = forms.CharField(
        label="Attribution line",
        help_text=(
            "Stated with every download, feed and API response, and on the Data and API page. "
            "The licence is the Open Government Licence v3.0."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the attribution line",
            "max_length": "The attribution line must be 500 characters or fewer",
        },
    )


class LicenceEditView(PolicyTeamRequiredMixin, UnsentFormMixin, FormView):
    """The policy team sets the attribution line re-users must give."""

    template_name = "api/licence_form.html"
    form_class = LicenceForm

    def get_initial(self):
        return {"attribution": DataLicence.objects.current().attribution}

    def form_valid(self, form):
        try:
            data_licence_update(attribution=form.cleaned_data["attribution"])
        except ValidationError as error:
            form.add_error("attribution", error.messages)
            return self.form_invalid(form)
        messages.success(self.request, "The attribution line has been saved.")
        return redirect("policy-data-licence")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Data licence",
            breadcrumbs=breadcrumbs(title="Data licence", start="policy"),
            licence=DataLicence(),
            **kwargs,
        )
