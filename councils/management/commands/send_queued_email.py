"""Send the emails of the outbox that are due, by hand: the scheduled task
``outgoing_emails_send_due_task`` does it every minute; ``--now`` ignores the back-off (once the
mail server is back, for instance). Two runs at once never send an email twice."""

from django.core.management.base import BaseCommand

from councils.models import OutgoingEmail
from councils.services.outbox import outgoing_emails_send_due


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; retry failures with back-off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Try every pending email now, whatever its back-off (once the mail server is "
            "back, for instance).",
        )
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many emails (default 500)."
        )
        parser.add_argument(
            "--keep-sent-days",
            type=int,
            default=30,
            help="Delete sent emails older than this many days (default 30; 0 keeps them).",
        )

    def handle(self, *args, now, limit, keep_sent_days, **options):
        run = outgoing_emails_send_due(
            limit=limit, ignore_backoff=now, keep_sent_days=keep_sent_days
        )
        waiting = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count()
        self.stdout.write(
            f"Sent {run.sent}, failed {run.failed} (will be retried), gave up on {run.given_up}, "
            f"skipped {run.skipped} (being sent elsewhere); {waiting} pending; "
            f"deleted {run.purged} sent more than {keep_sent_days} days ago."
        )
        if run.failed or run.given_up:
            self.stderr.write("Some emails could not be sent: see the warnings logged above.")
