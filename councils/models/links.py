"""Whether the links a council publishes on the portal still work: its minutes (``Signature.
minutes_url``) and its evidence (``ProgressReport.evidence_links``), checked weekly
(``councils.services.links``)."""

from django.db import models


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        """Links that failed their last check, oldest failure first."""
        return self.filter(failures__gte=1).order_by("failing_since", "url")

    def broken_in_public(self):
        """Links that failed their last ``LinkCheck.PUBLIC_AFTER`` checks or more in a row: the
        public page says they are not working."""
        return self.filter(failures__gte=LinkCheck.PUBLIC_AFTER).order_by("failing_since", "url")


class LinkCheck(models.Model):
    """The last check of one link of one council: when it last worked, and since when it has
    failed (``failures`` checks in a row; 0 when it works)."""

    # The public page shows a link as not working after this many failed checks in a row (two
    # weeks of weekly checks): a site down for an afternoon is not the council's fault.
    PUBLIC_AFTER = 2

    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="link_checks"
    )
    url = models.URLField(max_length=500)
    last_checked_at = models.DateTimeField()
    last_working_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        ordering = ["council", "url"]
        constraints = [
            models.UniqueConstraint(fields=["council", "url"], name="link_check_one_per_link"),
            models.CheckConstraint(
                condition=models.Q(failures=0, failing_since__isnull=True)
                | models.Q(failures__gt=0, failing_since__isnull=False),
                name="link_check_failing_has_since",
                violation_error_message="A failing link has the time it started failing.",
            ),
        ]

    def __str__(self):
        return f"{self.url} ({'working' if not self.failures else 'not working'})"
