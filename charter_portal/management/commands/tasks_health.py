"""The background tasks' health check, for systemd (README, "Deploying"): exits 1, saying why,
when a task has waited for a worker more than ``PORTAL_TASK_MAX_WAIT_MINUTES`` (no worker is
taking tasks) or a schedule is overdue by as much (no scheduler is running); 0 otherwise."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from charter_portal.models import ScheduledTask


class Command(BaseCommand):
    help = "Fail when no worker or no scheduler is keeping up with the background tasks."

    def handle(self, *args, **options):
        from django_tasks_db.models import DBTaskResult, get_date_max

        cutoff = timezone.now() - datetime.timedelta(minutes=settings.PORTAL_TASK_MAX_WAIT_MINUTES)
        # A deferred task (a retry) waits from its run_after, any other from when it was
        # enqueued (its run_after is the backend's "no time" sentinel).
        waiting = (
            DBTaskResult.objects.ready()
            .filter(Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff))
            .count()
        )
        overdue = ScheduledTask.objects.filter(
            name__in=list(settings.PORTAL_SCHEDULES), next_run_at__lt=cutoff
        ).count()
        problems = []
        if waiting:
            problems.append(
                f"{waiting} task(s) waiting for a worker for more than "
                f"{settings.PORTAL_TASK_MAX_WAIT_MINUTES} minutes: is db_worker running?"
            )
        if overdue:
            problems.append(f"{overdue} schedule(s) overdue: is run_schedules running?")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("ok")
