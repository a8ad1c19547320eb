"""Scheduled background tasks, and tasks lost with a worker.

``schedules_run_due`` is what ``manage.py run_schedules`` does every few seconds: it enqueues
each task of ``settings.PORTAL_SCHEDULES`` whose time has come (``ScheduledTask`` keeps when
each is next due), and sends back to the queue a task left "running" by a worker that died.
Any number of schedulers may run, on any hosts: a schedule's row is locked (``SKIP LOCKED``)
while its run is enqueued, in the same transaction as the task's own row.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.tasks import task_backends
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledTask

logger = logging.getLogger(__name__)


@dataclass
class SchedulerRun:
    enqueued: list[str] = field(default_factory=list)  # the schedules' names
    requeued: int = 0  # tasks lost with their worker, sent back to the queue


def schedules_sync(*, now: datetime.datetime | None = None) -> None:
    """A ``ScheduledTask`` for each schedule in settings, first due ``now``; the task path of
    each kept up to date. Rows of schedules no longer in settings are left (and never run)."""
    now = now or timezone.now()
    for name, schedule in settings.PORTAL_SCHEDULES.items():
        row, created = ScheduledTask.objects.get_or_create(
            name=name, defaults={"task_path": schedule["task"], "next_run_at": now}
        )
        if not created and row.task_path != schedule["task"]:
            ScheduledTask.objects.filter(pk=row.pk).update(task_path=schedule["task"])


def schedules_enqueue_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every scheduled task due at ``now``; its next run is ``every`` seconds later
    (from ``now``: runs missed while no scheduler ran are not made up). Returns the names
    enqueued."""
    now = now or timezone.now()
    schedules_sync(now=now)
    enqueued = []
    with transaction.atomic():
        due = ScheduledTask.objects.select_for_update(skip_locked=True).filter(
            name__in=list(settings.PORTAL_SCHEDULES), next_run_at__lte=now
        )
        for row in due:
            schedule = settings.PORTAL_SCHEDULES[row.name]
            result = import_string(schedule["task"]).enqueue()
            row.last_enqueued_at = now
            row.last_result_id = str(result.id)[:64]
            row.next_run_at = now + datetime.timedelta(seconds=schedule["every"])
            row.save(update_fields=["last_enqueued_at", "last_result_id", "next_run_at"])
            enqueued.append(row.name)
    return enqueued


def tasks_lost_requeue(*, now: datetime.datetime | None = None) -> int:
    """Send back to the queue each task "running" for more than ``PORTAL_TASK_STALE_MINUTES``:
    its worker died mid-task (killed, host lost) and nothing else would ever finish it. The
    task runs again from the start (the portal's tasks are idempotent: an email of the outbox
    is sent once whatever the number of attempts). Returns how many. Only the database
    backend (django-tasks-db) keeps tasks to lose."""
    if not any(
        backend.__class__.__module__.startswith("django_tasks_db")
        for backend in task_backends.all()
    ):
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - datetime.timedelta(
        minutes=settings.PORTAL_TASK_STALE_MINUTES
    )
    with transaction.atomic():
        lost = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for result in lost:
            logger.warning(
                "Task %s (%s) lost with worker %s: queued again",
                result.id,
                result.task_path,
                result.worker_ids[-1:],
            )
        DBTaskResult.objects.filter(pk__in=[r.pk for r in lost]).update(
            status="READY", started_at=None, run_after=now or timezone.now()
        )
    return len(lost)


def schedules_run_due(*, now: datetime.datetime | None = None) -> SchedulerRun:
    """One turn of the scheduler: the due scheduled tasks, then the lost ones."""
    return SchedulerRun(
        enqueued=schedules_enqueue_due(now=now), requeued=tasks_lost_requeue(now=now)
    )
