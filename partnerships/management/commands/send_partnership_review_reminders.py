from django.core.management.base import BaseCommand

from partnerships.services import partnership_review_reminders_send


class Command(BaseCommand):
    help = (
        "Email the contact of every partnership whose annual review is overdue, through the "
        "outbox (as the button on the manage page does). The scheduler runs it weekly "
        "(PORTAL_SCHEDULES); each run reminds every overdue partnership again."
    )

    def handle(self, *args, **options):
        count = partnership_review_reminders_send()
        self.stdout.write(f"{count} reminder{'s' if count != 1 else ''} queued.")
