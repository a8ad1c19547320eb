"""The charter's versions in the back office: to read. Drafting, editing and publishing are the
policy team's charter pages (``commitments.services``), which keep one published version and
refuse changes to a published text."""

from django.contrib import admin

from ui.admin import ReadOnlyAdminMixin, ReadOnlyStackedInline, ReadOnlyTabularInline

from .models import CharterVersion, Commitment, Principle, StrategicAim


class AimInline(ReadOnlyTabularInline):
    model = StrategicAim


class PrincipleInline(ReadOnlyStackedInline):
    model = Principle


class CommitmentInline(ReadOnlyStackedInline):
    model = Commitment


@admin.register(CharterVersion)
class CharterVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "status", "published_on"]
    list_filter = ["status"]
    inlines = [AimInline, PrincipleInline, CommitmentInline]
