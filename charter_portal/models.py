"""Models of the portal as a whole: the schedules of its background tasks."""

from django.db import models


class ScheduledTask(models.Model):
    """When a scheduled task (settings ``PORTAL_SCHEDULES``) is next due, and what was last
    enqueued. Written only by ``charter_portal.schedules``; a row is locked while its run is
    enqueued, so several schedulers enqueue each run once."""

    name = models.CharField(max_length=100, unique=True, help_text="Its key in PORTAL_SCHEDULES.")
    task_path = models.CharField(max_length=255)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} (next {self.next_run_at:%Y-%m-%d %H:%M})"
