"""Enqueue the scheduled background tasks when they are due (settings ``PORTAL_SCHEDULES``),
and send back to the queue the tasks of a worker that died. Runs until stopped, beside the
workers (``manage.py db_worker``); several may run on several hosts (README, "Deploying")."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from charter_portal.schedules import schedules_run_due


class Command(BaseCommand):
    help = "Enqueue scheduled tasks when due; requeue tasks lost with their worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=15, help="Seconds between turns (default 15)."
        )
        parser.add_argument("--once", action="store_true", help="One turn, then exit.")

    def handle(self, *args, interval, once, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self.running:
            close_old_connections()
            try:
                run = schedules_run_due()
            except DatabaseError as error:  # the database restarting: try again next turn
                if once:
                    raise
                self.stderr.write(f"Database unavailable: {error}")
                time.sleep(interval)
                continue
            if run.enqueued or run.requeued or once:
                self.stdout.write(
                    f"Enqueued {', '.join(run.enqueued) or 'nothing'}; "
                    f"{run.requeued} lost task(s) queued again."
                )
            if once:
                return
            time.sleep(interval)

    def _stop(self, signum, frame):
        self.running = False
