from django.core.management import call_command
from django.core.management.base import BaseCommand

from charter_portal.roles import roles_sync
from charter_portal.site import site_sync
from toolkit.services import signatory_guide_ensure
from ui.cache import every_page_group, pages_changed


class Command(BaseCommand):
    help = (
        "Load the charter, the council register, the liaison meeting series, the 2023-24 "
        "consultation, the roles and the guide 'How to become a signatory' (once), and "
        "name the site from the settings. Safe to run again. With --dry-run, only list what "
        "the register import would change, and save nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list the register's changes (import_councils --dry-run); change nothing",
        )

    def handle(self, *args, dry_run=False, **options):
        verbosity = options["verbosity"]
        if dry_run:
            call_command("import_councils", dry_run=True, stdout=self.stdout, verbosity=verbosity)
            return
        call_command("load_charter", stdout=self.stdout)
        # Lists every change it makes; stops the release (CommandError) when the policy team
        # must decide first, having changed nothing in the register.
        call_command("import_councils", stdout=self.stdout, verbosity=verbosity)
        call_command("load_meeting_series", stdout=self.stdout)  # partnerships register
        call_command("load_consultations", stdout=self.stdout)  # "You said, we did", 2023-24
        guide, made = signatory_guide_ensure()  # toolkit: made once, then the policy team's
        self.stdout.write(f"Guide '{guide.title}': {'made' if made else 'kept as it is'}.")
        roles_sync()
        self.stdout.write("Roles synced.")
        name, domain = site_sync()
        self.stdout.write(f"Site: {name} at {domain}.")
        call_command("createcachetable")  # the shared cache's table (settings CACHES)
        # Run on every release: pages the previous release rendered are stale.
        pages_changed(*every_page_group())
        self.stdout.write("Cache table ready; cached pages marked stale.")
