from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Council,
    CouncilCode,
    CouncilRole,
    District,
    Invitation,
    OutgoingEmail,
    ProgressReport,
    Signature,
)


class CouncilCodeInline(admin.TabularInline):
    model = CouncilCode
    extra = 0


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code"]


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "status", "kind_confirmed"]
    list_filter = ["kind", "district", "status", "kind_confirmed"]
    search_fields = ["name", "codes__code"]
    readonly_fields = ["status", "signed_on", "signed_version", "status_changed_at"]
    inlines = [CouncilCodeInline]


@admin.register(CouncilRole)
class CouncilRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "council", "role", "status", "requested_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "council__name"]
    raw_id_fields = ["user", "council", "decided_by"]


@admin.register(Signature)
class SignatureAdmin(SimpleHistoryAdmin):
    list_display = ["council", "version", "resolution_date", "on_paper", "withdrawn_on"]
    list_filter = ["version", "on_paper"]
    search_fields = ["council__name"]
    raw_id_fields = ["council", "recorded_by", "withdrawn_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["council", "kind", "status", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["council", "invited_by"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["council", "commitment", "period_year", "period_quarter", "status"]
    list_filter = ["status", "period_year", "period_quarter"]
    raw_id_fields = ["council", "reported_by"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox (issue 9), to see what is waiting or failed and why: read only. Emails are
    written by the services and sent by ``send_queued_email``, never edited by hand."""

    list_display = ["subject", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
