"""The action plan in the back office: to read, with its history. Changes go through the
portal's own pages (actions.services), which keep references, versions and the timeline."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ui.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline

from .models import ActionItem, ActionUpdate


class ActionUpdateInline(ReadOnlyTabularInline):
    model = ActionUpdate
    fields = ["date", "status_from", "status_to", "text", "author"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["reference", "title", "status", "due_date", "is_public", "position"]
    list_filter = ["status", "is_public"]
    search_fields = ["reference", "title", "lead_partner", "lead_council__name"]
    inlines = [ActionUpdateInline]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["item", "date", "status_from", "status_to", "author"]
    list_filter = ["status_to"]
    search_fields = ["item__reference", "text"]
