from django.urls import include, path

from .feeds import SignatoriesFeed
from .views import (
    clerks,
    library,
    meeting_pack,
    policy,
    progress,
    public,
    recognition,
    register,
    signing,
)

app_name = "councils"

# The clerks' pages: their councils, asking to act for one, its clerks, signing (clerks.py,
# signing.py).
yours_patterns = [
    path("", clerks.MyCouncilsView.as_view(), name="my-councils"),
    path("ask/", clerks.CouncilRoleRequestView.as_view(), name="role-request"),
    path(
        "requests/<int:pk>/withdraw/",
        clerks.CouncilRoleWithdrawView.as_view(),
        name="role-withdraw",
    ),
    path("<slug:slug>/clerks/", clerks.CouncilClerksView.as_view(), name="council-clerks"),
    path(
        "<slug:slug>/clerks/<int:pk>/remove/",
        clerks.ClerkRoleRemoveView.as_view(),
        name="council-clerk-remove",
    ),
    path("<slug:slug>/sign/", signing.SignView.as_view(), name="sign"),
    path("<slug:slug>/sign/check/", signing.SignCheckView.as_view(), name="sign-check"),
    path(
        "<slug:slug>/withdraw/",
        signing.SignatureWithdrawView.as_view(),
        name="signature-withdraw",
    ),
]

# The policy team's pages: progress reports (progress.py), clerks and signatures (policy.py).
policy_patterns = [
    path("progress/", progress.PolicyProgressView.as_view(), name="policy-progress"),
    path(
        "progress/reminders/",
        progress.ProgressRemindersView.as_view(),
        name="policy-progress-reminders",
    ),
    path("progress/upload/", progress.ProgressUploadView.as_view(), name="policy-progress-upload"),
    path("clerks/", policy.RoleQueueView.as_view(), name="policy-clerks"),
    path("clerks/confirmed/", policy.ConfirmedClerksView.as_view(), name="policy-clerks-confirmed"),
    path("clerks/<int:pk>/", policy.RoleDecideView.as_view(), name="policy-clerk-decide"),
    path(
        "clerks/<int:pk>/remove/",
        policy.PolicyRoleRemoveView.as_view(),
        name="policy-clerk-remove",
    ),
    path("invitations/", policy.InvitationsView.as_view(), name="policy-invitations"),
    path("contacts/", policy.ContactsUploadView.as_view(), name="policy-contacts"),
    path("reaffirmation/", policy.ReaffirmationView.as_view(), name="policy-reaffirmation"),
    path(
        "signatures/paper/",
        policy.PaperSignatureView.as_view(),
        name="policy-signature-paper",
    ),
]

# A council's own pages under its address; its page itself is "<slug:slug>/" below, last
# (charter_portal puts the page it assembles in that one's place).
council_patterns = [
    # The meeting pack (meeting_pack.py): printable, and as a Word document.
    path("meeting-pack/", meeting_pack.MeetingPackView.as_view(), name="meeting-pack"),
    path("meeting-pack.docx", meeting_pack.MeetingPackDocxView.as_view(), name="meeting-pack-docx"),
    path("correct/", register.CouncilCorrectView.as_view(), name="correct"),
    # Progress reports (progress.py): a council's task list and report form.
    path("progress/", progress.ProgressTasksView.as_view(), name="progress-tasks"),
    path("progress/<slug:key>/", progress.ProgressReportView.as_view(), name="progress-report"),
    path(
        "progress/<slug:key>/no-change/",
        progress.ProgressNoChangeView.as_view(),
        name="progress-no-change",
    ),
    # Recognition (recognition.py): the badge and each signature's certificate.
    path("badge.svg", recognition.BadgeView.as_view(), name="badge"),
    path("certificates/<int:number>/", recognition.CertificateView.as_view(), name="certificate"),
]

# Fixed prefixes ("yours/", "policy/", "download/", ...) come before the council pages, whose
# "<slug:slug>/" must stay last.
urlpatterns = [
    # --- The public directory, downloads and feed (public.py) ---
    path("", public.DirectoryView.as_view(), name="directory"),
    path(
        "by-district/",
        public.SignatoriesByDistrictView.as_view(),
        name="signatories-by-district",
    ),
    path("download/signatories.csv", public.DirectoryCsvView.as_view(), name="directory-csv"),
    path("download/signatories.json", public.DirectoryJsonView.as_view(), name="directory-json"),
    path("feed/", SignatoriesFeed(), name="signatories-feed"),
    path("yours/", include(yours_patterns)),
    path("confirm/<str:token>/", clerks.CouncilRoleConfirmView.as_view(), name="role-confirm"),
    # --- Progress reports (progress.py) ---
    path("progress/", progress.ProgressOverviewView.as_view(), name="progress-overview"),
    path("progress/reports.csv", progress.ProgressCsvView.as_view(), name="progress-csv"),
    path("progress/reports.json", progress.ProgressJsonView.as_view(), name="progress-json"),
    path("policy/", include(policy_patterns)),
    # --- What councils did: every council's progress reports, searchable (library.py) ---
    path("what-councils-did/", library.WhatCouncilsDidView.as_view(), name="what-councils-did"),
    # --- A council's own pages: keep last ---
    path("<slug:slug>/", include(council_patterns)),
    path("<slug:slug>/", public.CouncilDetailView.as_view(), name="detail"),
]
