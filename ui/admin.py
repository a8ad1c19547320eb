"""The back office (the Django admin) reads; the portal's own pages and services write.

A model whose rules live in a service (a signature refreshes its council's status, writes its
history reason and its email in the same transaction) must never be saved around that service:
its admin mixes in ``ReadOnlyAdminMixin`` and stays a place to look things up and read history.
"""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """Mix into a ``ModelAdmin`` or an inline: no adding, changing or deleting, only viewing
    (Django shows the change page read-only to staff with the view permission)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A read-only inline (``ReadOnlyAdminMixin``) of the related rows, one line each, with no
    blank rows to fill in."""

    extra = 0


class ReadOnlyStackedInline(ReadOnlyAdminMixin, admin.StackedInline):
    """As ``ReadOnlyTabularInline``, each row's fields one under another (long text)."""

    extra = 0
