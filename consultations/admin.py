"""Consultations in the back office: to read, with their history. Changes go through the
portal's own pages (``consultations.services``), which keep the rules (dates, one response per
council, drafts, conflicts)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ui.admin import ReadOnlyAdminMixin, ReadOnlyStackedInline, ReadOnlyTabularInline

from .models import Answer, Consultation, Question, Response, Theme


class QuestionInline(ReadOnlyTabularInline):
    model = Question


class ThemeInline(ReadOnlyStackedInline):
    model = Theme


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "version", "opens_on", "closes_on", "individuals_allowed"]
    search_fields = ["title"]
    inlines = [QuestionInline, ThemeInline]


class AnswerInline(ReadOnlyTabularInline):
    model = Answer


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["consultation", "council", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "consultation"]
    list_select_related = ["consultation", "council"]
    search_fields = ["council__name"]
    inlines = [AnswerInline]
