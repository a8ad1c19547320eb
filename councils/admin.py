"""The register, clerks, signatures, progress and the outbox in the back office: to read, with
their history. Every one of them is written by ``councils.services`` (the register import and
corrections, clerk decisions, signing, invitations, progress reports), which keep each council's
signatory status, the history's reasons and the emails in the same transaction; a save in the
admin would skip all three. The policy team changes them on its own pages in the portal."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ui.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline

from .models import (
    Council,
    CouncilCode,
    CouncilRole,
    District,
    Invitation,
    LinkCheck,
    OutgoingEmail,
    ProgressReminder,
    ProgressReport,
    Signature,
)


class CouncilCodeInline(ReadOnlyTabularInline):
    model = CouncilCode


@admin.register(District)
class DistrictAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Districts come from the register import (``manage.py import_councils``)."""

    list_display = ["name", "gss_code"]


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Corrections: the council's "Correct the details" page (``council_correct``)."""

    list_display = ["name", "kind", "district", "status", "kind_confirmed"]
    list_filter = ["kind", "district", "status", "kind_confirmed"]
    search_fields = ["name", "codes__code"]
    inlines = [CouncilCodeInline]


@admin.register(CouncilRole)
class CouncilRoleAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Decisions: the policy team's queue of requests and its list of confirmed clerks."""

    list_display = ["user", "council", "role", "status", "requested_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "council__name"]
    raw_id_fields = ["user", "council", "decided_by"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Signatures: signed online by a clerk, or recorded on paper by the policy team."""

    list_display = ["council", "version", "resolution_date", "on_paper", "withdrawn_on"]
    list_filter = ["version", "on_paper"]
    search_fields = ["council__name"]
    raw_id_fields = ["council", "recorded_by", "withdrawn_by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["council", "kind", "status", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["council", "invited_by"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["council", "commitment", "period_year", "period_quarter", "status"]
    list_filter = ["status", "period_year", "period_quarter"]
    raw_id_fields = ["council", "reported_by"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, to see what is waiting or failed and why. Emails are written by the
    services and sent by the tasks of ``councils/tasks.py``, never edited by hand."""

    list_display = ["subject", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"


@admin.register(ProgressReminder)
class ProgressReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who the scheduled progress reminders went to, and when (written by
    ``services/reminders.py``, never by hand)."""

    list_display = ["council", "period_year", "period_quarter", "reminded_at"]
    list_filter = ["period_year", "period_quarter"]
    search_fields = ["council__name"]


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The weekly link check's findings (``services/links.py``), broken links first."""

    list_display = ["url", "council", "failures", "failing_since", "last_working_at"]
    list_filter = ["failures"]
    search_fields = ["url", "council__name"]
    ordering = ["-failures", "url"]
