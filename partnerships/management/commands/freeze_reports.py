from django.core.management.base import BaseCommand

from partnerships.reports import reports_freeze_due


class Command(BaseCommand):
    help = (
        "Freeze the last closed quarter's report once its grace period has passed, and the "
        "annual report after the fourth quarter. Run daily; safe to run again."
    )

    def handle(self, *args, **options):
        frozen = reports_freeze_due()
        for report in frozen:
            self.stdout.write(f"Frozen: {report.label} ({report.get_absolute_url()})")
        if not frozen:
            self.stdout.write("Nothing to freeze.")
