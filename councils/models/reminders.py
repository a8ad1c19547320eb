"""The record of scheduled reminders: who was reminded of what, and when, so that the daily
schedule never reminds anyone twice (``councils.services.reminders``)."""

from django.db import models


class ProgressReminder(models.Model):
    """The scheduled reminder to a council that has not reported on every commitment for a
    quarter, sent ``PORTAL_PROGRESS_REMINDER_DAYS`` before the quarter's time for reports ends
    (``ReportingPeriod.report_by``). One per council and quarter: the database refuses a
    second."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="progress_reminders"
    )
    period_year = models.PositiveSmallIntegerField(help_text="The financial year's first year.")
    period_quarter = models.PositiveSmallIntegerField()
    recipients = models.JSONField(default=list, help_text="The addresses emailed.")
    reminded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reminded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period_year", "period_quarter"],
                name="progress_reminder_once_per_quarter",
                violation_error_message="This council was already reminded for this quarter.",
            ),
            models.CheckConstraint(
                condition=models.Q(period_quarter__gte=1, period_quarter__lte=4),
                name="progress_reminder_quarter_1_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.council} reminded for {self.period_year} Q{self.period_quarter}"
