"""Background work on the database tasks backend (django-tasks-db, settings ``TASKS``): emails
sent by a worker from the outbox, retries with back-off, tasks lost with a dead worker run
again, schedules enqueued once, and the workers' health check."""

import datetime
import threading
from io import StringIO

import pytest
from asgiref.local import Local
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.tasks import task, task_backends
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from charter_portal.management.commands import run_schedules
from charter_portal.models import ScheduledTask
from charter_portal.schedules import schedules_enqueue_due, schedules_run_due
from councils.models import OutgoingEmail
from councils.tasks import outgoing_email_send
from ui.background import retried, retry_delay

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "links"]}
}
ORIGINAL_TASKS = django_settings.TASKS
CALLS = []


@task
@retried
def flaky(*, value: str) -> str:
    CALLS.append(value)
    raise ConnectionError("the other end is down")


def _reload_task_backends():
    """Django's test signals do not reset the task backends when TASKS changes."""
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True)
def database_backend(settings, monkeypatch):
    # The worker closes the database connection between tasks; the test's transaction needs it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_schedules, "close_old_connections", lambda: None)
    settings.PORTAL_SCHEDULES = {
        "outbox": {"task": "councils.tasks.outgoing_emails_send_due_task", "every": 60}
    }
    settings.TASKS = DATABASE_BACKEND
    _reload_task_backends()
    CALLS.clear()
    mail.outbox = []
    yield
    settings.TASKS = ORIGINAL_TASKS
    _reload_task_backends()


def work() -> None:
    """A worker runs every task ready, then stops."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stdout=StringIO()
    )


def test_an_email_is_written_now_and_sent_by_a_worker_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = OutgoingEmail.objects.create(subject="Hello", body="Hi", to=["a@example.org"])
        outgoing_email_send.enqueue(email_id=email.pk)
    [queued] = DBTaskResult.objects.all()
    assert queued.status == "READY" and mail.outbox == []  # nothing sent in the request

    work()
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    # The same task run again (a worker killed after sending, before recording it) sends nothing.
    DBTaskResult.objects.update(status="READY")
    work()
    assert len(mail.outbox) == 1


def test_a_failed_task_is_retried_with_back_off_then_given_up(settings):
    settings.PORTAL_TASK_MAX_ATTEMPTS = 3
    flaky.enqueue(value="x")
    work()
    first = DBTaskResult.objects.get(status="FAILED")
    assert "ConnectionError" in first.traceback  # what the policy team sees in the admin
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"value": "x", "attempt": 2}
    assert retry.run_after - timezone.now() == pytest.approx(
        retry_delay(1), abs=datetime.timedelta(seconds=5)
    )

    for _ in range(3):  # whatever the back-off, each retry runs once when due
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        work()
    assert CALLS == ["x", "x", "x"]
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()  # given up


def test_the_back_off_doubles_up_to_the_cap(settings):
    settings.PORTAL_TASK_RETRY_FIRST_SECONDS = 60
    settings.PORTAL_TASK_RETRY_MAX_SECONDS = 3600
    delays = [retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 8, 40)]
    assert delays == [60, 120, 240, 3600, 3600, 3600]


def test_a_task_lost_with_its_worker_runs_again():
    email = OutgoingEmail.objects.create(subject="Hello", body="Hi", to=["a@example.org"])
    outgoing_email_send.enqueue(email_id=email.pk)
    # A worker claimed it an hour ago, then was killed: the task is left "running".
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    work()
    assert mail.outbox == []

    run = schedules_run_due()
    assert run.requeued == 1
    work()
    assert len(mail.outbox) == 1 and OutgoingEmail.objects.get().status == "sent"


def test_a_task_running_for_less_than_the_limit_is_left_alone():
    flaky.enqueue(value="x")
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    assert schedules_run_due().requeued == 0


def test_each_scheduled_run_is_enqueued_once(settings):
    settings.PORTAL_SCHEDULES = {
        "outbox": {"task": "councils.tasks.outgoing_emails_send_due_task", "every": 60}
    }
    now = timezone.now()
    assert schedules_enqueue_due(now=now) == ["outbox"]
    assert schedules_enqueue_due(now=now) == []  # a second scheduler at the same moment
    assert schedules_enqueue_due(now=now + datetime.timedelta(seconds=30)) == []
    assert schedules_enqueue_due(now=now + datetime.timedelta(seconds=61)) == ["outbox"]
    assert (
        DBTaskResult.objects.filter(task_path__endswith="outgoing_emails_send_due_task").count()
        == 2
    )
    row = ScheduledTask.objects.get(name="outbox")
    assert row.last_result_id and row.next_run_at > now


def test_the_outbox_schedule_retries_an_email_the_mail_server_refused(settings):
    email = OutgoingEmail.objects.create(
        subject="Hello",
        body="Hi",
        to=["a@example.org"],
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    settings.PORTAL_SCHEDULES = {
        "outbox": {"task": "councils.tasks.outgoing_emails_send_due_task", "every": 60}
    }
    schedules_run_due()
    work()
    assert mail.outbox == []  # not due yet: its back-off holds
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    ScheduledTask.objects.update(next_run_at=timezone.now())
    schedules_run_due()
    work()
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_run_schedules_once_says_what_it_enqueued(settings):
    settings.PORTAL_SCHEDULES = {
        "outbox": {"task": "councils.tasks.outgoing_emails_send_due_task", "every": 60}
    }
    out = StringIO()
    call_command("run_schedules", "--once", stdout=out)
    assert "Enqueued outbox" in out.getvalue()


def test_the_health_check_fails_when_no_worker_takes_tasks(settings):
    settings.PORTAL_SCHEDULES = {}
    out = StringIO()
    call_command("tasks_health", stdout=out)
    assert out.getvalue().strip() == "ok"

    flaky.enqueue(value="x")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(CommandError, match="waiting for a worker"):
        call_command("tasks_health", stdout=StringIO())


def test_the_health_check_fails_when_no_scheduler_runs(settings):
    settings.PORTAL_SCHEDULES = {
        "outbox": {"task": "councils.tasks.outgoing_emails_send_due_task", "every": 60}
    }
    ScheduledTask.objects.create(
        name="outbox",
        task_path="councils.tasks.outgoing_emails_send_due_task",
        next_run_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(CommandError, match="run_schedules"):
        call_command("tasks_health", stdout=StringIO())


def test_the_policy_team_sees_failed_tasks_and_emails_in_the_admin(policy_client):
    from charter_portal.roles import roles_sync

    roles_sync()
    flaky.enqueue(value="x")
    work()
    page = policy_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status=FAILED"
    )
    assert page.status_code == 200 and "flaky" in page.content.decode()
    assert policy_client.get(reverse("admin:councils_outgoingemail_changelist")).status_code == 200


RAN = []


@task
def record(*, n: int) -> None:
    RAN.append(n)


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_run_one_task_twice():
    RAN.clear()
    for n in range(30):
        record.enqueue(n=n)
    errors = []

    def worker(name):
        try:
            db_worker.Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=name,
                excluded_queue_names=[],
            ).run()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(RAN) == list(range(30))  # each once
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 30
    assert {w for r in DBTaskResult.objects.all() for w in r.worker_ids} <= {"w0", "w1"}


def test_link_checks_wait_for_a_worker_of_their_own():
    from councils.scheduled_tasks import links_check_batch_task

    links_check_batch_task.enqueue(batch=[])
    work()  # a worker of the default queue, as the README runs for emails and reminders
    assert DBTaskResult.objects.get().status == "READY"
    assert DBTaskResult.objects.get().queue_name == "links"
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name=links",
        verbosity=0,
        stdout=StringIO(),
    )
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
