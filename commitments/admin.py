"""The charter's versions in the back office: to read. Drafting, editing and publishing are the
policy team's charter pages (``commitments.services``), which keep one published version and
refuse changes to a published text."""

from django.contrib import admin

from ui.admin import ReadOnlyAdminMixin

from .models import CharterVersion, Commitment, Principle, StrategicAim


class AimInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = StrategicAim
    extra = 0


class PrincipleInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Principle
    extra = 0


class CommitmentInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Commitment
    extra = 0


@admin.register(CharterVersion)
class CharterVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "status", "published_on"]
    list_filter = ["status"]
    inlines = [AimInline, PrincipleInline, CommitmentInline]
