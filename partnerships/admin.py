"""The partnerships register in the back office: to read, with its history. Changes go through
the portal's own pages (partnerships.services), which keep versions and one history record per
change."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ui.admin import ReadOnlyAdminMixin, ReadOnlyTabularInline

from .models import (
    Meeting,
    MeetingSeries,
    Organisation,
    Partnership,
    PartnershipReview,
    Risk,
    ScrutinyReview,
)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "sector", "website"]
    list_filter = ["sector"]
    search_fields = ["name"]


class ReviewInline(ReadOnlyTabularInline):
    model = PartnershipReview
    fields = ["reviewed_on", "purpose_confirmed", "membership_confirmed", "governance_confirmed"]


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "level", "is_statutory", "review_due_on", "last_reviewed_on"]
    list_filter = ["level", "is_statutory"]
    search_fields = ["name", "purpose"]
    inlines = [ReviewInline]


@admin.register(Risk)
class RiskAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "partnership", "likelihood", "impact", "is_public", "review_on"]
    list_filter = ["is_public"]
    search_fields = ["title", "partnership__name"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "frequency", "partnership"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "series", "starts_at", "is_cancelled"]
    list_filter = ["series"]
    date_hierarchy = "starts_at"


@admin.register(ScrutinyReview)
class ScrutinyReviewAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "programme_year", "starts_on", "ends_on"]
