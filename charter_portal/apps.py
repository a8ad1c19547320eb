from django.apps import AppConfig


class CharterPortalConfig(AppConfig):
    name = "charter_portal"
    verbose_name = "Charter portal"

    def ready(self):
        # The policy team's dashboard, where the policy team's pages on lower floors start.
        from ui.views import breadcrumbs_start_register

        breadcrumbs_start_register("policy", label="Policy team", url="policy-dashboard")
        # --- Performance: a change made in the admin makes the cached pages stale ---
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from ui.cache import admin_changes_invalidate

        post_save.connect(
            admin_changes_invalidate, sender=LogEntry, dispatch_uid="portal-admin-pages-changed"
        )
        # The Site is named from the settings after every migrate, also after a test flush,
        # which re-creates Django's "example.com" row (django.contrib.sites' post_migrate).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_site_after_migrate, sender=self, dispatch_uid="portal-site-sync")


def _site_after_migrate(sender, apps=None, **kwargs):
    """Name the Site from the settings (``charter_portal.site.site_sync``) once the sites
    framework has made its default row. ``apps`` is the migration state's registry."""
    from .site import site_sync

    try:
        site_model = apps.get_model("sites", "Site") if apps else None
    except LookupError:  # the sites framework is not installed in this state
        return
    site_sync(site_model)
