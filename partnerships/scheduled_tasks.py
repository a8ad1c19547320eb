"""The partnerships register's scheduled tasks (settings ``PORTAL_SCHEDULES``, enqueued by
``manage.py run_schedules``). A failure is retried with back-off (``ui.background.retried``);
each is safe to run again."""

from django.tasks import task

from ui.background import retried

from .reports import reports_freeze_due
from .services import partnership_review_reminders_send


@task
@retried
def reports_freeze_task() -> int:
    """Freeze the quarterly (and annual) reports whose grace period has passed; returns how
    many were frozen (0 on most days: a frozen report is never frozen again)."""
    return len(reports_freeze_due())


@task
@retried
def review_reminders_task() -> int:
    """Remind the contact of every partnership whose annual review is overdue; returns how
    many reminders were queued. Scheduled weekly: an overdue partnership hears once a week."""
    return partnership_review_reminders_send()
