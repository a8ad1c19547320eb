from django.core.management.base import BaseCommand

from commitments.services import DATA_DIR, charter_version_load_file


class Command(BaseCommand):
    help = "Load the charter's text (every commitments/data/charter-v*.json file). Idempotent."

    def handle(self, *args, **options):
        for path in sorted(DATA_DIR.glob("charter-v*.json")):
            version, changed = charter_version_load_file(path)
            state = "loaded" if changed else "unchanged"
            self.stdout.write(f"{version}: {state} ({version.get_status_display().lower()})")
