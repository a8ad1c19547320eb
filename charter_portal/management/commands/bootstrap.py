from django.core.management import call_command
from django.core.management.base import BaseCommand

from charter_portal.roles import roles_sync
from ui.cache import pages_changed


class Command(BaseCommand):
    help = (
        "Load the charter, the council register, the liaison meeting series and the roles. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        call_command("load_charter", stdout=self.stdout)
        call_command("import_councils", stdout=self.stdout)
        call_command("load_meeting_series", stdout=self.stdout)  # partnerships register
        roles_sync()
        self.stdout.write("Roles synced.")
        call_command("createcachetable")  # the shared cache's table (issue 8; settings CACHES)
        pages_changed()  # run on every release: pages the previous release rendered are stale
        self.stdout.write("Cache table ready; cached pages marked stale.")
