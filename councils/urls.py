from django.urls import path

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

# Each area of the councils app keeps its own section. Fixed prefixes ("yours/", "policy/",
# "download/", ...) come before the council pages, whose "<slug:slug>/" must stay last.
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
    # --- Clerks: accounts, confirmation, signing (clerks.py, signing.py) ---
    path("yours/", clerks.MyCouncilsView.as_view(), name="my-councils"),
    path("yours/ask/", clerks.CouncilRoleRequestView.as_view(), name="role-request"),
    path(
        "yours/requests/<int:pk>/withdraw/",
        clerks.CouncilRoleWithdrawView.as_view(),
        name="role-withdraw",
    ),
    path("yours/<slug:slug>/clerks/", clerks.CouncilClerksView.as_view(), name="council-clerks"),
    path(
        "yours/<slug:slug>/clerks/<int:pk>/remove/",
        clerks.ClerkRoleRemoveView.as_view(),
        name="council-clerk-remove",
    ),
    path("yours/<slug:slug>/sign/", signing.SignView.as_view(), name="sign"),
    path("yours/<slug:slug>/sign/check/", signing.SignCheckView.as_view(), name="sign-check"),
    path(
        "yours/<slug:slug>/withdraw/",
        signing.SignatureWithdrawView.as_view(),
        name="signature-withdraw",
    ),
    path("confirm/<str:token>/", clerks.CouncilRoleConfirmView.as_view(), name="role-confirm"),
    # --- Progress reports (progress.py) ---
    path("progress/", progress.ProgressOverviewView.as_view(), name="progress-overview"),
    path("progress/reports.csv", progress.ProgressCsvView.as_view(), name="progress-csv"),
    path("progress/reports.json", progress.ProgressJsonView.as_view(), name="progress-json"),
    path("policy/progress/", progress.PolicyProgressView.as_view(), name="policy-progress"),
    path(
        "policy/progress/reminders/",
        progress.ProgressRemindersView.as_view(),
        name="policy-progress-reminders",
    ),
    path(
        "policy/progress/upload/",
        progress.ProgressUploadView.as_view(),
        name="policy-progress-upload",
    ),
    # --- end of progress reports ---
    # --- The policy team's pages (policy.py) ---
    # Clerks and signatures
    path("policy/clerks/", policy.RoleQueueView.as_view(), name="policy-clerks"),
    path(
        "policy/clerks/confirmed/",
        policy.ConfirmedClerksView.as_view(),
        name="policy-clerks-confirmed",
    ),
    path("policy/clerks/<int:pk>/", policy.RoleDecideView.as_view(), name="policy-clerk-decide"),
    path(
        "policy/clerks/<int:pk>/remove/",
        policy.PolicyRoleRemoveView.as_view(),
        name="policy-clerk-remove",
    ),
    path("policy/invitations/", policy.InvitationsView.as_view(), name="policy-invitations"),
    path("policy/contacts/", policy.ContactsUploadView.as_view(), name="policy-contacts"),
    path(
        "policy/reaffirmation/",
        policy.ReaffirmationView.as_view(),
        name="policy-reaffirmation",
    ),
    path(
        "policy/signatures/paper/",
        policy.PaperSignatureView.as_view(),
        name="policy-signature-paper",
    ),
    # --- What councils did: every council's progress reports, searchable (library.py) ---
    path("what-councils-did/", library.WhatCouncilsDidView.as_view(), name="what-councils-did"),
    # --- A council's own pages: keep last ---
    # The meeting pack (meeting_pack.py): printable, and as a Word document.
    path("<slug:slug>/meeting-pack/", meeting_pack.MeetingPackView.as_view(), name="meeting-pack"),
    path(
        "<slug:slug>/meeting-pack.docx",
        meeting_pack.MeetingPackDocxView.as_view(),
        name="meeting-pack-docx",
    ),
    path("<slug:slug>/correct/", register.CouncilCorrectView.as_view(), name="correct"),
    # Progress reports (progress.py): a council's task list and report form.
    path("<slug:slug>/progress/", progress.ProgressTasksView.as_view(), name="progress-tasks"),
    path(
        "<slug:slug>/progress/<slug:key>/",
        progress.ProgressReportView.as_view(),
        name="progress-report",
    ),
    path(
        "<slug:slug>/progress/<slug:key>/no-change/",
        progress.ProgressNoChangeView.as_view(),
        name="progress-no-change",
    ),
    # Recognition (recognition.py): the badge and each signature's certificate.
    path("<slug:slug>/badge.svg", recognition.BadgeView.as_view(), name="badge"),
    path(
        "<slug:slug>/certificates/<int:number>/",
        recognition.CertificateView.as_view(),
        name="certificate",
    ),
    path("<slug:slug>/", public.CouncilDetailView.as_view(), name="detail"),
]
