from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import include, path

from api import pages as api_pages
from commitments import urls as commitment_urls
from councils import urls as council_urls
from councils.permissions import has_two_factors, may

from . import charter_versions, views

# The charter's pages, with the commitment and principle pages assembled here from the higher
# apps, and the charter's page and each version's linking to their consultations.
_ASSEMBLED_HERE = {"commitment-detail", "principle-detail", "charter", "version-detail"}
charter_patterns = [
    p for p in commitment_urls.urlpatterns if getattr(p, "name", "") not in _ASSEMBLED_HERE
] + [
    path("", views.CharterPageView.as_view(), name="charter"),
    path("versions/<int:number>/", views.VersionPageView.as_view(), name="version-detail"),
    path("principles/<slug:key>/", views.PrinciplePageView.as_view(), name="principle-detail"),
    path("commitments/<slug:key>/", views.CommitmentPageView.as_view(), name="commitment-detail"),
]

# The council pages, with a council's page assembled here (its partnerships); "<slug:slug>/"
# stays last.
council_patterns = [p for p in council_urls.urlpatterns if getattr(p, "name", "") != "detail"] + [
    path("<slug:slug>/", views.CouncilPageView.as_view(), name="detail"),
]


# The policy team's pages for the charter's versions: drafts, their sections, publishing.
charter_version_patterns = [
    path("", charter_versions.VersionListView.as_view(), name="policy-charter-versions"),
    path("new/", charter_versions.DraftCreateView.as_view(), name="policy-charter-draft-create"),
    path("<int:number>/", charter_versions.DraftView.as_view(), name="policy-charter-draft"),
    path(
        "<int:number>/<slug:kind>/<slug:key>/",
        charter_versions.SectionEditView.as_view(),
        name="policy-charter-section",
    ),
    path(
        "<int:number>/publish/",
        charter_versions.PublishView.as_view(),
        name="policy-charter-publish",
    ),
]


def _back_office_with_two_factors(site):
    """The back office: signed in through the portal's log-in, which asks for the second factor
    (Django's own admin log-in form takes a password alone), and open only to whom the rule
    "back_office" allows (active staff with two factors), as the policy team's pages ask for
    two factors. Before ``site.urls`` is read."""
    login = site.login

    @secure_admin_login
    def login_with_two_factors(request, *args, **kwargs):
        if not has_two_factors(request.user):
            messages.warning(
                request, "Set up two-factor authentication before you use the back office."
            )
            return redirect("mfa_activate_totp")
        return login(request, *args, **kwargs)

    site.has_permission = lambda request: may(request.user, "back_office")
    site.login = login_with_two_factors


_back_office_with_two_factors(admin.site)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("charter/", include((charter_patterns, "commitments"))),
    path("councils/", include((council_patterns, "councils"))),
    path("accounts/", include("accounts.urls")),  # your data, closing your account
    path("accounts/", include("allauth.urls")),
    path("actions/", include("actions.urls")),  # the action plan
    # Open data: the API, the "Data and API" page, the bulk download, the licence (api/).
    path("api/v1/", include("api.urls")),
    path("data/", api_pages.DataPageView.as_view(), name="open-data"),
    path("data/charter-open-data.zip", api_pages.BulkDownloadView.as_view(), name="open-data-zip"),
    path("policy/data-licence/", api_pages.LicenceEditView.as_view(), name="policy-data-licence"),
    path("partnerships/", include("partnerships.urls")),  # the partnerships register
    path("consultations/", include("consultations.urls")),  # "You said, we did"
    path("toolkit/", include("toolkit.urls")),  # the toolkit and the county services
    path("search/", include("search.urls")),  # the site search (the header's box)
    path("policy/", views.PolicyDashboardView.as_view(), name="policy-dashboard"),
    path("policy/charter/", include(charter_version_patterns)),
    path(
        "accessibility/",
        views.SitePageView.as_view(
            template_name="charter_portal/accessibility.html", page_title="Accessibility statement"
        ),
        name="accessibility",
    ),
    path(
        "privacy/",
        views.SitePageView.as_view(
            template_name="charter_portal/privacy.html", page_title="Privacy notice"
        ),
        name="privacy",
    ),
    path(
        "contact/",
        views.SitePageView.as_view(
            template_name="charter_portal/contact.html", page_title="Contact the policy team"
        ),
        name="contact",
    ),
    path("health/", views.health, name="health"),
    path("ping/", views.ping, name="ping"),  # benchmark ceiling (bench/)
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Oxfordshire Councils Charter: back office"
admin.site.site_title = "Charter back office"

handler400 = "charter_portal.views.bad_request"
handler403 = "charter_portal.views.permission_denied"
handler404 = "charter_portal.views.page_not_found"
handler500 = "charter_portal.views.server_error"
