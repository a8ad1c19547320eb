"""Background work for progress reports: reminding signatories to report this quarter.

Enqueued by ``councils.services.progress.progress_reminders_send`` once its transaction
commits. Tasks take JSON-able arguments (ids and the period's label).
"""

from django.contrib.auth import get_user_model
from django.tasks import task

from .models import Council, CouncilRole, ProgressReport, ReportingPeriod
from .tasks import email_send, site_url


def progress_reminder_recipients(council: Council) -> list[str]:
    """The council's confirmed clerks, or its contact address when it has none."""
    emails = sorted(
        set(
            CouncilRole.objects.confirmed()
            .filter(council=council, user__is_active=True)
            .values_list("user__email", flat=True)
        )
    )
    if not emails and council.contact_email:
        emails = [council.contact_email]
    return emails


def progress_reminder_context(
    *, council: Council, period: ReportingPeriod, sent_by=None
) -> dict | None:
    """What the reminder to ``council`` for ``period`` says: the commitments of its signed
    version it has not reported on (``missing``); None when it has reported on all, or has
    signed nothing."""
    if council.signed_version is None:
        return None
    reported = ProgressReport.objects.in_period(period).filter(council=council)
    missing = list(
        council.signed_version.commitments.exclude(
            pk__in=reported.values("commitment_id")
        ).order_by("order")
    )
    if not missing:
        return None
    return {
        "council": council,
        "period": period,
        "missing": missing,
        "sent_by": sent_by,
        "tasks_url": site_url("councils:progress-tasks", slug=council.slug),
    }


@task
def progress_reminder_send(*, council_id: int, period: str, sent_by_id: int) -> int:
    """Email the council's clerks the commitments it has not reported on for ``period``, one
    email per address. Returns the number of emails sent."""
    council = Council.objects.select_related("signed_version").get(pk=council_id)
    sent_by = get_user_model().objects.filter(pk=sent_by_id).first()
    context = progress_reminder_context(
        council=council, period=ReportingPeriod.parse(period), sent_by=sent_by
    )
    if context is None:
        return 0
    recipients = progress_reminder_recipients(council)
    for email in recipients:  # one email each: clerks do not see each other's addresses
        email_send(template="progress_reminder", to=[email], context=context)
    return len(recipients)
