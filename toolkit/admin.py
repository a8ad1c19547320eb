"""The toolkit in the back office: to read, with its history. Changes go through the portal's
own pages (toolkit.services), which render the Markdown, check attachments and record who
changed what."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ui.admin import ReadOnlyAdminMixin

from .models import CountyService, Resource


@admin.register(Resource)
class ResourceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "summary"]


@admin.register(CountyService)
class CountyServiceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "team", "phone", "email"]
    search_fields = ["name", "team", "what_it_does"]
