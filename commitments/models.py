"""The charter itself: its versions and, in each, the aims, principles and commitments.

This app is the lowest floor: it imports no other app of the portal.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse


class CharterVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CharterVersion.Status.PUBLISHED)

    def public(self):
        """Versions anyone may read: the current one and those it superseded."""
        return self.exclude(status=CharterVersion.Status.DRAFT)

    def with_contents(self):
        return self.prefetch_related("aims", "principles", "commitments")

    def current(self):
        """The published version, with its contents, or None before anything is published."""
        return self.published().with_contents().first()


class CharterVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200, default="Oxfordshire Councils Charter")
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    summary_of_changes = models.TextField(
        blank=True, help_text="What changed from the version before, in plain words."
    )
    introduction = models.TextField(blank=True)
    aims_introduction = models.TextField(blank=True)
    principles_introduction = models.TextField(blank=True)
    commitments_introduction = models.TextField(blank=True)
    implementation = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the text of this version comes from."
    )

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="charter_one_published_version",
                violation_error_message="Only one charter version can be published at a time.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="charter_published_has_date",
                violation_error_message="A published or superseded version needs its date.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="charter_number_positive"),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def get_absolute_url(self):
        return reverse("commitments:version-detail", kwargs={"number": self.number})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class StrategicAim(models.Model):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="aims")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="aim_unique_number"),
        ]

    def __str__(self):
        return f"Aim {self.number}: {self.title}"


class CharterSection(models.Model):
    """A principle or a commitment: a key that stays the same across versions, and statements."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE)
    key = models.SlugField(
        max_length=80, help_text="Stays the same across charter versions, e.g. 'communication'."
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    statements = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["version", "order"]

    def __str__(self):
        return self.title

    def clean(self):
        if not isinstance(self.statements, list) or not all(
            isinstance(s, str) and s.strip() for s in self.statements
        ):
            raise ValidationError({"statements": "Statements must be a list of sentences."})


class Principle(CharterSection):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="principles")

    class Meta(CharterSection.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="principle_unique_key"),
        ]

    def get_absolute_url(self):
        return reverse("commitments:principle-detail", kwargs={"key": self.key})


class CommitmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(version__status=CharterVersion.Status.PUBLISHED).select_related(
            "version"
        )


class Commitment(CharterSection):
    """A themed commitment: "We will ..." followed by its statements."""

    version = models.ForeignKey(
        CharterVersion, on_delete=models.CASCADE, related_name="commitments"
    )
    lead_in = models.CharField(max_length=100, default="We will...")

    objects = CommitmentQuerySet.as_manager()

    class Meta(CharterSection.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="commitment_unique_key"),
        ]

    def get_absolute_url(self):
        return reverse("commitments:commitment-detail", kwargs={"key": self.key})


OGL_NAME = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The attribution the OGL asks re-users to give (OGL v3.0, "Conditions"), until the policy
# team sets its own on the "Data licence" page.
DEFAULT_ATTRIBUTION = (
    "Contains public sector information from the Oxfordshire Councils Charter portal "
    "(Oxfordshire County Council Policy Team) licensed under the Open Government Licence v3.0."
)


class DataLicenceQuerySet(models.QuerySet):
    def current(self) -> "DataLicence":
        """The licence every download, feed and API response states: the saved row, or the
        default (unsaved) before the policy team first edits it. One query."""
        return self.filter(pk=DataLicence.SINGLETON).first() or DataLicence(
            pk=DataLicence.SINGLETON
        )


class DataLicence(models.Model):
    """The licence of the portal's open data and the attribution line the policy team sets.

    The licence itself is fixed: the Open Government Licence v3.0 (``OGL_URL``), the default
    for public sector information (The National Archives, UK Government Licensing Framework).
    One row only (the database refuses a second).
    """

    SINGLETON = 1

    attribution = models.TextField(
        "attribution line",
        max_length=500,
        default=DEFAULT_ATTRIBUTION,
        help_text="What re-users must say when they publish the data.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = DataLicenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="data_licence_one_row"),
        ]

    def __str__(self):
        return OGL_NAME

    name = OGL_NAME
    url = OGL_URL

    def as_metadata(self) -> dict:
        """``{"name", "url", "attribution"}``: the licence as downloads and the API state it."""
        return {"name": self.name, "url": self.url, "attribution": self.attribution}

    def link_header(self) -> str:
        """An HTTP ``Link`` header value naming the licence (RFC 8288, relation "license")."""
        return f'<{self.url}>; rel="license"'
