"""Retries for the portal's background tasks (Django's tasks framework, settings ``TASKS``).

Django's tasks framework runs a task once; a task whose function is wrapped by ``retried`` is
enqueued again when it raises, after a back-off, until ``PORTAL_TASK_MAX_ATTEMPTS``. Every failed
attempt stays in the task results (the admin's "Task results", with its traceback), where the
policy team sees it. Imports no app of the portal.
"""

import datetime
import functools
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number ``attempt`` (1 for the first):
    ``PORTAL_TASK_RETRY_FIRST_SECONDS`` doubling each time, at most
    ``PORTAL_TASK_RETRY_MAX_SECONDS``."""
    first = settings.PORTAL_TASK_RETRY_FIRST_SECONDS
    seconds = min(first * 2 ** min(max(attempt - 1, 0), 30), settings.PORTAL_TASK_RETRY_MAX_SECONDS)
    return datetime.timedelta(seconds=seconds)


def retried(func):
    """Wrap a task's function (under ``@task``) so that a failure is tried again.

    The wrapped function takes one more keyword argument, ``attempt`` (1 when first enqueued).
    When it raises, the same task is enqueued again with ``attempt + 1``, to run after
    ``retry_delay(attempt)``, and the error is raised again so that this attempt is recorded as
    failed. After ``PORTAL_TASK_MAX_ATTEMPTS`` attempts it is logged as an error and not retried.
    A backend that cannot defer a task (the immediate backend, local runs on SQLite) does not
    retry: the failure is only recorded. The function must be idempotent: a worker that dies
    mid-task makes it run again too.
    """

    @functools.wraps(func)
    def wrapper(*args, attempt: int = 1, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            task = import_string(f"{func.__module__}.{func.__qualname__}")
            if attempt >= settings.PORTAL_TASK_MAX_ATTEMPTS:
                logger.error("Task %s failed %s times: given up", task.name, attempt)
            elif task.get_backend().supports_defer:
                run_after = timezone.now() + retry_delay(attempt)
                task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
                logger.warning(
                    "Task %s failed (attempt %s): again at %s", task.name, attempt, run_after
                )
            raise

    return wrapper
