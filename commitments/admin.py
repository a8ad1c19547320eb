from django.contrib import admin

from .models import CharterVersion, Commitment, Principle, StrategicAim


class AimInline(admin.TabularInline):
    model = StrategicAim
    extra = 0


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "status", "published_on"]
    list_filter = ["status"]
    inlines = [AimInline, PrincipleInline, CommitmentInline]
