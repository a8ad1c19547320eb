"""The back office (the Django admin) reads; the portal's own pages and services write.

A model whose rules live in a service (a signature refreshes its council's status, writes its
history reason and its email in the same transaction) must never be saved around that service:
its admin mixes in ``ReadOnlyAdminMixin`` and stays a place to look things up and read history.
"""


class ReadOnlyAdminMixin:
    """Mix into a ``ModelAdmin`` or an inline: no adding, changing or deleting, only viewing
    (Django shows the change page read-only to staff with the view permission)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
