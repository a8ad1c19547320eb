"""A tasks backend that runs a task enqueued during a request once the response has gone
(issue 8: a clerk who signs does not wait for the mail server).

``PORTAL_TASKS_BACKEND=ui.tasks.AfterResponseBackend`` (settings ``TASKS``). Like Django's
immediate backend, in the same process, but a task enqueued while a request is being handled
waits until Django's ``request_finished`` signal: gunicorn sends it once the response has been
written to the client (it closes the response after sending it). Outside a request (management
commands, tests that call the services) a task runs at once, as with the immediate backend.

What a task does must survive the process dying before it runs: the portal's emails are written
to the outbox in the write's own transaction, and ``manage.py send_queued_email`` sends whatever
was not sent (see the README).
"""

import contextvars

from django.core.signals import request_finished, request_started
from django.tasks.backends.immediate import ImmediateBackend

# The tasks waiting for the end of the current request; None outside a request.
_waiting: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "portal_tasks_after_response", default=None
)


class AfterResponseBackend(ImmediateBackend):
    def _execute_task(self, task_result):
        waiting = _waiting.get()
        if waiting is None:
            super()._execute_task(task_result)
        else:
            waiting.append((self, task_result))

    def _execute_now(self, task_result):
        super()._execute_task(task_result)  # records the outcome; never raises


def _request_started(**kwargs):
    _waiting.set([])


def _request_finished(**kwargs):
    waiting = _waiting.get()
    _waiting.set(None)
    for backend, task_result in waiting or []:
        backend._execute_now(task_result)


request_started.connect(_request_started, dispatch_uid="portal-tasks-after-response-start")
request_finished.connect(_request_finished, dispatch_uid="portal-tasks-after-response-finish")
