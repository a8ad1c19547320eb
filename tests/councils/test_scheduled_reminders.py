"""Scheduled reminders (councils/services/reminders.py, councils/scheduled_tasks.py): quarterly
progress reminders before a quarter's time for reports ends, reminders to sign and to re-affirm
some days after the first email; each recorded, nobody reminded twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from councils.models import Invitation, OutgoingEmail, ProgressReminder, ReportingPeriod
from councils.scheduled_tasks import (
    invitation_reminders_task,
    progress_reminders_task,
    reaffirmation_reminders_task,
)
from councils.services.reminders import (
    invitation_reminders_due,
    progress_periods_to_remind,
    progress_reminders_due,
)
from tests.factories import (
    CouncilFactory,
    CouncilRoleFactory,
    InvitationFactory,
    ProgressReportFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db

PERIOD = ReportingPeriod(2026, 3)  # October to December 2026, reported by 31 March 2027


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_progress_reminders_go_a_set_number_of_days_before_the_quarter_closes(settings):
    settings.PORTAL_REPORT_GRACE_QUARTERS = 1
    settings.PORTAL_PROGRESS_REMINDER_DAYS = 21
    assert PERIOD.report_by == datetime.date(2027, 3, 31)
    assert progress_periods_to_remind(datetime.date(2027, 3, 9)) == []
    assert progress_periods_to_remind(datetime.date(2027, 3, 10)) == [PERIOD]
    assert progress_periods_to_remind(datetime.date(2027, 3, 31)) == [PERIOD]
    assert progress_periods_to_remind(datetime.date(2027, 4, 1)) == []


def test_councils_that_have_not_reported_are_reminded_once(
    settings, charter, django_capture_on_commit_callbacks
):
    settings.PORTAL_REPORT_GRACE_QUARTERS = 1
    late = signatory(CouncilFactory(contact_email="office@example.org"), charter)
    CouncilRoleFactory(council=late, user=UserFactory(email="clerk@example.org"))
    done = signatory(CouncilFactory(contact_email="done@example.org"), charter)
    for commitment in charter.commitments.all():
        ProgressReportFactory(
            council=done, commitment=commitment, period_year=2026, period_quarter=3
        )
    CouncilFactory(contact_email="unsigned@example.org")  # not a signatory

    day = datetime.date(2027, 3, 20)
    with django_capture_on_commit_callbacks(execute=True):
        [reminder] = progress_reminders_due(today=day)
    assert (reminder.council, reminder.period_year, reminder.period_quarter) == (late, 2026, 3)
    assert reminder.recipients == ["clerk@example.org"] and reminder.reminded_at
    [message] = mail.outbox
    assert message.to == ["clerk@example.org"] and "2026/27 Q3" in message.subject

    # The next day's run, and a run in the next hour: nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert progress_reminders_due(today=day + datetime.timedelta(days=1)) == []
    assert len(mail.outbox) == 1 and ProgressReminder.objects.count() == 1


def test_the_progress_reminders_task_runs_the_schedule(charter):
    signatory(CouncilFactory(contact_email="office@example.org"), charter)
    result = progress_reminders_task.enqueue()
    assert result.status == "SUCCESSFUL"  # outside a reminder window today, or one reminder
    assert result.return_value == ProgressReminder.objects.count()


def test_councils_invited_a_while_ago_are_reminded_to_sign_once(
    settings, charter, django_capture_on_commit_callbacks
):
    settings.PORTAL_INVITATION_REMINDER_DAYS = 14
    council = CouncilFactory(contact_email="office@example.org")
    old = InvitationFactory(council=council, version=charter, sent_at=days_ago(20))
    recent = InvitationFactory(
        council=CouncilFactory(contact_email="new@example.org"),
        version=charter,
        sent_at=days_ago(3),
    )
    Invitation.objects.filter(pk__in=[old.pk, recent.pk]).update(created_at=days_ago(20))

    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_due() == 1
    reminder = Invitation.objects.get(kind="reminder")
    assert (reminder.council, reminder.status, reminder.invited_by) == (
        council,
        "sent",
        old.invited_by,
    )
    assert [m.to for m in mail.outbox] == [["office@example.org"]]

    # Reminded once by the schedule, even when the weekly limit has passed.
    Invitation.objects.filter(pk=reminder.pk).update(created_at=days_ago(30))
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_due() == 0
    assert len(mail.outbox) == 1


def test_a_council_that_signed_is_not_reminded(settings, charter):
    council = signatory(CouncilFactory(contact_email="office@example.org"), charter)
    invitation = InvitationFactory(council=council, version=charter, sent_at=days_ago(20))
    Invitation.objects.filter(pk=invitation.pk).update(created_at=days_ago(20))
    assert invitation_reminders_task.enqueue().return_value == 0


def test_the_reaffirmation_reminders_task_runs(charter):
    assert reaffirmation_reminders_task.enqueue().return_value == 0
    assert not OutgoingEmail.objects.exists()
