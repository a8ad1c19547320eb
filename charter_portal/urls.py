from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from commitments import urls as commitment_urls

from . import charter_versions, views

# The charter's pages, with the commitment page assembled here from the higher apps.
charter_patterns = [
    p for p in commitment_urls.urlpatterns if getattr(p, "name", "") != "commitment-detail"
] + [
    path("commitments/<slug:key>/", views.CommitmentPageView.as_view(), name="commitment-detail"),
]

# The back office signs in through the portal's log-in, with its second factor: Django's own
# admin log-in form would take a password alone (issue 9). Before admin.site.urls is read.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("charter/", include((charter_patterns, "commitments"))),
    path("councils/", include("councils.urls")),
    path("accounts/", include("accounts.urls")),  # your data, closing your account (issue 9)
    path("accounts/", include("allauth.urls")),
    path("actions/", include("actions.urls")),  # the action plan (issue 6)
    path("policy/", views.PolicyDashboardView.as_view(), name="policy-dashboard"),
    path(
        "policy/charter/",
        charter_versions.VersionListView.as_view(),
        name="policy-charter-versions",
    ),
    path(
        "policy/charter/new/",
        charter_versions.DraftCreateView.as_view(),
        name="policy-charter-draft-create",
    ),
    path(
        "policy/charter/<int:number>/",
        charter_versions.DraftView.as_view(),
        name="policy-charter-draft",
    ),
    path(
        "policy/charter/<int:number>/<slug:kind>/<slug:key>/",
        charter_versions.SectionEditView.as_view(),
        name="policy-charter-section",
    ),
    path(
        "policy/charter/<int:number>/publish/",
        charter_versions.PublishView.as_view(),
        name="policy-charter-publish",
    ),
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
    path("ping/", views.ping, name="ping"),  # benchmark ceiling (issue 8, bench/)
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Oxfordshire Councils Charter: back office"
admin.site.site_title = "Charter back office"

handler400 = "charter_portal.views.bad_request"
handler403 = "charter_portal.views.permission_denied"
handler404 = "charter_portal.views.page_not_found"
handler500 = "charter_portal.views.server_error"
