"""Scheduled reminders (settings ``PORTAL_SCHEDULES``, daily, ``councils/scheduled_tasks.py``):
quarterly progress reminders, reminders to sign, reminders to re-affirm. Each is recorded (who
was reminded, when) and nobody is reminded twice by the schedule:

- progress: a ``ProgressReminder`` per council and quarter (unique), written in the same
  transaction as the emails (the outbox), ``PORTAL_PROGRESS_REMINDER_DAYS`` before the quarter's
  time for reports ends, to signatories that have not reported on every commitment;
- to sign / to re-affirm: an ``Invitation`` of kind reminder, once per council and charter
  version, ``PORTAL_INVITATION_REMINDER_DAYS`` / ``PORTAL_REAFFIRMATION_REMINDER_DAYS`` after the
  invitation or request to re-affirm was sent, through ``invitations_send`` (which also keeps
  its weekly limit on reminders sent by hand).

Partnership review reminders can join the same way: a service here, a task in
``scheduled_tasks.py``, a line in ``PORTAL_SCHEDULES``.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from commitments.models import CharterVersion

from ..models import Council, Invitation, ProgressReminder, ProgressReport, ReportingPeriod
from ..progress_tasks import progress_reminder_context, progress_reminder_recipients
from ..tasks import email_queue
from .invitations import councils_to_reaffirm, councils_to_remind, invitations_send


def progress_periods_to_remind(today: datetime.date) -> list[ReportingPeriod]:
    """The quarters whose time for reports ends within ``PORTAL_PROGRESS_REMINDER_DAYS`` of
    ``today`` (and has not ended)."""
    window = datetime.timedelta(days=settings.PORTAL_PROGRESS_REMINDER_DAYS)
    return [
        period
        for period in ReportingPeriod.open_periods(today)
        if period.report_by - window <= today <= period.report_by
    ]


def progress_reminder_schedule(*, council: Council, period: ReportingPeriod):
    """Record the reminder of ``council`` for ``period`` and write its emails to the outbox (one
    per clerk, or to the contact address), in one transaction; the emails are sent once it
    commits. Returns the ``ProgressReminder``, or None when the council was already reminded
    for ``period`` or has nothing left to report."""
    context = progress_reminder_context(council=council, period=period)
    if context is None:
        return None
    try:
        with transaction.atomic():
            reminder = ProgressReminder.objects.create(
                council=council,
                period_year=period.year,
                period_quarter=period.quarter,
                recipients=progress_reminder_recipients(council),
            )
            for address in reminder.recipients:  # clerks do not see each other's addresses
                email_queue(template="progress_reminder", to=[address], context=context)
    except IntegrityError:  # reminded already (another run at the same moment)
        return None
    return reminder


def progress_reminders_due(*, today: datetime.date | None = None) -> list[ProgressReminder]:
    """Remind every signatory that has not reported on all its commitments for a quarter whose
    time for reports ends soon (``progress_periods_to_remind``), once per quarter. Returns the
    reminders written."""
    today = today or timezone.localdate()
    written = []
    for period in progress_periods_to_remind(today):
        reminded = ProgressReminder.objects.filter(
            period_year=period.year, period_quarter=period.quarter
        ).values("council_id")
        councils = (
            ProgressReport.objects.signatories_not_reported(period)
            .exclude(pk__in=reminded)
            .select_related("signed_version")
        )
        for council in councils:
            if reminder := progress_reminder_schedule(council=council, period=period):
                written.append(reminder)
    return written


def _remind_once(*, councils_for, asked_kind, reminder_kind, days: int) -> int:
    """Send ``reminder_kind`` to each of ``councils_for(version=...)`` whose ``asked_kind``
    email for the published version was sent at least ``days`` ago and that has had no
    ``reminder_kind`` for it (sent or on its way), on behalf of whoever sent the first email.
    Returns how many reminders were queued (0 when no version is published)."""
    version = CharterVersion.objects.published().first()
    if version is None:
        return 0
    councils = councils_for(version=version)
    cutoff = timezone.now() - datetime.timedelta(days=days)
    asked = Invitation.objects.filter(
        council=OuterRef("pk"),
        version=version,
        kind=asked_kind,
        status=Invitation.Status.SENT,
        sent_at__lte=cutoff,
    )
    reminded = Invitation.objects.filter(
        council=OuterRef("pk"), version=version, kind=reminder_kind
    ).exclude(status=Invitation.Status.FAILED)
    due = councils.filter(Exists(asked)).exclude(Exists(reminded))
    by_sender: dict[int, list[int]] = {}
    for council_id, sender_id in (
        Invitation.objects.filter(
            council__in=due, version=version, kind=asked_kind, status=Invitation.Status.SENT
        )
        .order_by("council_id", "sent_at")
        .values_list("council_id", "invited_by_id")
    ):
        if not any(council_id in ids for ids in by_sender.values()):
            by_sender.setdefault(sender_id, []).append(council_id)
    queued = 0
    for sender_id, council_ids in by_sender.items():
        sender = Invitation._meta.get_field("invited_by").related_model.objects.get(pk=sender_id)
        batch = invitations_send(
            councils=Council.objects.filter(pk__in=council_ids),
            invited_by=sender,
            kind=reminder_kind,
            version=version,
        )
        queued += len(batch.queued)
    return queued


def invitation_reminders_due() -> int:
    """Remind, once, each council invited to sign the published version
    ``PORTAL_INVITATION_REMINDER_DAYS`` ago or more that has not signed. Returns how many
    reminders were queued."""
    return _remind_once(
        councils_for=councils_to_remind,
        asked_kind=Invitation.Kind.INVITATION,
        reminder_kind=Invitation.Kind.REMINDER,
        days=settings.PORTAL_INVITATION_REMINDER_DAYS,
    )


def reaffirmation_reminders_due() -> int:
    """Remind, once, each council asked to re-affirm the published version
    ``PORTAL_REAFFIRMATION_REMINDER_DAYS`` ago or more that has not signed it. Returns how many
    reminders were queued."""
    return _remind_once(
        councils_for=councils_to_reaffirm,
        asked_kind=Invitation.Kind.REAFFIRMATION,
        reminder_kind=Invitation.Kind.REAFFIRMATION_REMINDER,
        days=settings.PORTAL_REAFFIRMATION_REMINDER_DAYS,
    )
