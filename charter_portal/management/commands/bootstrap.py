from django.core.management import call_command
from django.core.management.base import BaseCommand

from charter_portal.roles import roles_sync


class Command(BaseCommand):
    help = "Load the charter, the council register and the roles. Safe to run again."

    def handle(self, *args, **options):
        call_command("load_charter", stdout=self.stdout)
        call_command("import_councils", stdout=self.stdout)
        roles_sync()
        self.stdout.write("Roles synced.")
        call_command("createcachetable")  # the shared cache's table (issue 8; settings CACHES)
        self.stdout.write("Cache table ready.")
