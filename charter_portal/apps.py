from django.apps import AppConfig


class CharterPortalConfig(AppConfig):
    name = "charter_portal"
    verbose_name = "Charter portal"

    def ready(self):
        # --- Performance (issue 8): a change made in the admin makes the cached pages stale ---
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from ui.cache import admin_changes_invalidate

        post_save.connect(
            admin_changes_invalidate, sender=LogEntry, dispatch_uid="portal-admin-pages-changed"
        )
