"""The after-response tasks backend (ui/tasks.py, issue 8): a task enqueued while a request is
handled runs once the response has gone; outside a request, at once."""

import pytest
from asgiref.local import Local
from django.conf import settings as django_settings
from django.core import mail
from django.core.signals import request_finished, request_started
from django.tasks import task, task_backends

from councils.services.signing import signature_record
from tests.factories import CouncilFactory, UserFactory

RAN = []

AFTER_RESPONSE = {"default": {"BACKEND": "ui.tasks.AfterResponseBackend"}}
ORIGINAL_TASKS = django_settings.TASKS


@task
def remember(*, value: str) -> None:
    RAN.append(value)


def _reload_task_backends():
    """Django's test signals do not reset the task backends when TASKS changes."""
    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True)
def after_response(settings):
    settings.TASKS = AFTER_RESPONSE
    _reload_task_backends()
    import ui.tasks  # noqa: F401 - its receivers (the app connects them at start when chosen)

    RAN.clear()
    yield
    settings.TASKS = ORIGINAL_TASKS
    _reload_task_backends()


def test_a_task_waits_for_the_end_of_the_request():
    request_started.send(sender=None)
    result = remember.enqueue(value="after")
    assert RAN == [] and result.status == "READY"
    request_finished.send(sender=None)
    assert RAN == ["after"]


def test_outside_a_request_a_task_runs_at_once():
    remember.enqueue(value="now")
    assert RAN == ["now"]


@pytest.mark.django_db(transaction=True)
def test_signing_answers_before_the_email_is_sent(charter):
    council = CouncilFactory()
    request_started.send(sender=None)
    signature_record(
        council=council,
        version=charter,
        recorded_by=UserFactory(),
        resolution_date=charter.published_on,
        minute_reference="Minute 1",
        authorised_by_name="Jo Bloggs",
        authorised_by_role="Chair",
    )
    assert mail.outbox == []  # committed, written to the outbox, not sent yet
    request_finished.send(sender=None)
    assert len(mail.outbox) == 1
