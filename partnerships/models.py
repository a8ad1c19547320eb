"""The partnerships register: partnerships, their annual reviews, risk profiles, meetings and
the scrutiny reviews of them.

The county's partnership strategy (``shared/seeds/partnership-strategy.txt``, sections 10-13)
keeps "a database of partnerships" with their purpose, membership, governance and reporting, a
risk profile for each and an annual review; scrutiny reviews come from section 13 and the
councillors' sessions of 24 September 2008. Writes go through ``partnerships.services``.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from councils.permissions import may


class VersionedRecord(models.Model):
    """A record edited through a form that carries the ``version`` it was opened at:
    ``partnerships.services`` adds one to it on each change and refuses a save over someone
    else's change to a field of the form (``EditConflict``). ``updated_by``: who saved last."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        abstract = True


# --- Other bodies ------------------------------------------------------------------------------


class Organisation(models.Model):
    """A member that is not a council on the register: police, health, voluntary sector ..."""

    class Sector(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        FIRE = "fire", "Fire and rescue"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        BUSINESS = "business", "Business"
        PUBLIC = "public", "Other public body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=12, choices=Sector, default=Sector.OTHER)
    website = models.URLField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    sector__in=[
                        "police",
                        "health",
                        "fire",
                        "education",
                        "voluntary",
                        "business",
                        "public",
                        "other",
                    ]
                ),
                name="organisation_sector_valid",
            )
        ]

    def __str__(self):
        return self.name


# --- Partnerships ------------------------------------------------------------------------------


class Level(models.TextChoices):
    """The strategy's three kinds (section 1.1 and sections 2-4): strategic, thematic, local."""

    STRATEGIC = "strategic", "Strategic"
    THEMATIC = "thematic", "Thematic"
    LOCAL = "local", "Local"


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)

    def review_overdue(self, today: datetime.date | None = None):
        """Partnerships whose annual review is past its due date."""
        return self.active().filter(review_due_on__lt=today or timezone.localdate())

    def of_council(self, council):
        """Partnerships the council leads or belongs to."""
        return self.filter(Q(member_councils=council) | Q(lead_council=council)).distinct()

    def search(self, q: str):
        qs = self
        for word in (q or "").split():
            qs = qs.filter(Q(name__icontains=word) | Q(purpose__icontains=word))
        return qs

    def for_list(self):
        """What a list row shows: lead organisation, parent, counts of members."""
        return self.select_related("lead_council", "lead_organisation", "parent").annotate(
            member_count=Count("member_councils", distinct=True)
            + Count("member_organisations", distinct=True)
        )

    def for_page(self):
        from commitments.models import Commitment

        return self.select_related("lead_council", "lead_organisation", "parent").prefetch_related(
            "member_councils",
            "member_organisations",
            "children",
            Prefetch("commitments", queryset=Commitment.objects.select_related("version")),
            Prefetch("reviews", queryset=PartnershipReview.objects.order_by("-reviewed_on")),
            Prefetch("scrutiny_reviews", queryset=ScrutinyReview.objects.order_by("-starts_on")),
        )

    def dashboard_counts(self, today: datetime.date | None = None) -> dict[str, int]:
        today = today or timezone.localdate()
        return self.aggregate(
            total=Count("pk", filter=Q(ended_on__isnull=True)),
            overdue=Count("pk", filter=Q(ended_on__isnull=True, review_due_on__lt=today)),
        )


_partnership_history = HistoricalRecords(
    m2m_fields=["member_councils", "member_organisations", "commitments"]
)


class Partnership(VersionedRecord):
    """A partnership of the county's register (strategy section 10)."""

    Level = Level

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    purpose = models.TextField(max_length=5000)
    level = models.CharField("kind", max_length=10, choices=Level)
    is_statutory = models.BooleanField("statutory partnership", default=False)
    lead_council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_partnerships",
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_partnerships",
        verbose_name="lead organisation (not a council)",
    )
    member_councils = models.ManyToManyField(
        "councils.Council", related_name="partnerships", blank=True
    )
    member_organisations = models.ManyToManyField(
        Organisation, related_name="partnerships", blank=True, verbose_name="other members"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent partnership",
    )
    governance = models.TextField("governance arrangements", max_length=5000, blank=True)
    reporting = models.TextField("reporting arrangements", max_length=5000, blank=True)
    commitments = models.ManyToManyField(
        "commitments.Commitment",
        related_name="partnerships",
        blank=True,
        verbose_name="charter commitments it serves",
    )
    contact_email = models.EmailField(
        "contact email",
        blank=True,
        help_text="The partnership's contact address: review reminders go to it.",
    )
    review_due_on = models.DateField("annual review due")
    last_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = _partnership_history
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["level", "name"]),
            models.Index(fields=["review_due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_council__isnull=True) | Q(lead_organisation__isnull=True),
                name="partnership_one_lead",
                violation_error_message="Give a lead council or a lead organisation, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="partnership_not_own_parent",
                violation_error_message="A partnership cannot be its own parent.",
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="partnership_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(last_reviewed_on__isnull=True)
                | Q(review_due_on__gt=F("last_reviewed_on")),
                name="partnership_review_due_after_last",
                violation_error_message="The next review must be due after the last review.",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="partnership_version_pos"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:detail", kwargs={"slug": self.slug})

    @property
    def lead(self):
        return self.lead_council or self.lead_organisation

    @property
    def kind_label(self) -> str:
        return (
            f"{self.get_level_display()}, {'statutory' if self.is_statutory else 'non-statutory'}"
        )

    @property
    def is_review_overdue(self) -> bool:
        return self.ended_on is None and self.review_due_on < timezone.localdate()


class PartnershipReview(models.Model):
    """The annual review of a partnership's purpose, membership and governance (section 10)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    purpose_confirmed = models.BooleanField("purpose confirmed without change")
    membership_confirmed = models.BooleanField("membership confirmed without change")
    governance_confirmed = models.BooleanField("governance confirmed without change")
    notes = models.TextField(max_length=5000, blank=True)
    next_due_on = models.DateField("next review due")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_due_on__gt=F("reviewed_on")),
                name="review_next_due_after_review",
                violation_error_message="The next review must be due after this review.",
            ),
        ]

    def __str__(self):
        return f"Review of {self.partnership} on {self.reviewed_on:%d %B %Y}"

    @property
    def changed(self) -> list[str]:
        return [
            name
            for name, ok in (
                ("purpose", self.purpose_confirmed),
                ("membership", self.membership_confirmed),
                ("governance", self.governance_confirmed),
            )
            if not ok
        ]


# --- Risks --------------------------------------------------------------------------------------

# A 5 x 5 matrix; a score (likelihood x impact) of 15 or more is "significant" and goes to the
# quarterly report (strategy section 11: "significant risks are monitored as part of the
# Council's quarterly reporting on risk"; 15 is the red zone of the usual 5 x 5 matrix).
SIGNIFICANT_SCORE = 15
SCALE = [
    (1, "1: very low"),
    (2, "2: low"),
    (3, "3: medium"),
    (4, "4: high"),
    (5, "5: very high"),
]


class RiskQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        return self.all() if may(user, "partnerships.manage") else self.public()

    def open(self):
        return self.filter(closed_on__isnull=True)

    def significant(self):
        return (
            self.open()
            .alias(score=F("likelihood") * F("impact"))
            .filter(score__gte=SIGNIFICANT_SCORE)
        )


_risk_history = HistoricalRecords(m2m_fields=["mitigating_actions"])


class Risk(VersionedRecord):
    """A risk of a partnership's risk profile (strategy section 11), scored 1-5 twice."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    likelihood = models.PositiveSmallIntegerField(
        choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    owner = models.CharField(
        "owner's role", max_length=200, help_text="A role, not a person's name."
    )
    mitigation = models.TextField("mitigating actions", max_length=5000, blank=True)
    mitigating_actions = models.ManyToManyField(
        "actions.ActionItem",
        related_name="partnership_risks",
        blank=True,
        verbose_name="action plan items that mitigate it",
    )
    review_on = models.DateField("next review of the risk")
    is_public = models.BooleanField("show on the public partnership page", default=False)
    closed_on = models.DateField(null=True, blank=True)

    history = _risk_history
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = [(F("likelihood") * F("impact")).desc(), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message="Likelihood is from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message="Impact is from 1 to 5.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def is_significant(self) -> bool:
        return self.score >= SIGNIFICANT_SCORE


def risk_matrix(risks) -> list[dict]:
    """Rows of the 5 x 5 matrix, impact 5 first: ``[{"impact": 5, "cells": [{"likelihood": 1,
    "risks": [...], "significant": bool}, ...]}, ...]``."""
    grid = {}
    for risk in risks:
        grid.setdefault((risk.likelihood, risk.impact), []).append(risk)
    return [
        {
            "impact": impact,
            "cells": [
                {
                    "likelihood": likelihood,
                    "risks": grid.get((likelihood, impact), []),
                    "significant": likelihood * impact >= SIGNIFICANT_SCORE,
                }
                for likelihood in range(1, 6)
            ],
        }
        for impact in range(5, 0, -1)
    ]


# --- Meetings -----------------------------------------------------------------------------------


class MeetingSeries(models.Model):
    """A regular series: liaison meetings (district-liaison-arrangements.txt) or a
    partnership's own meetings."""

    class Kind(models.TextChoices):
        LIAISON = "liaison", "Liaison meeting"
        PARTNERSHIP = "partnership", "Partnership meeting"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        AS_NEEDED = "as-needed", "As needed"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind)
    frequency = models.CharField(max_length=10, choices=Frequency)
    description = models.TextField(max_length=5000, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_series",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the series is set.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:series", kwargs={"slug": self.slug})


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def for_calendar(self):
        return self.select_related("series").order_by("starts_at", "pk")


_meeting_history = HistoricalRecords(
    m2m_fields=["councils_attending", "organisations_attending", "actions_arising"]
)


class Meeting(VersionedRecord):
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200, blank=True, help_text="Leave empty for the series.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    councils_attending = models.ManyToManyField(
        "councils.Council", related_name="meetings", blank=True
    )
    organisations_attending = models.ManyToManyField(
        Organisation, related_name="meetings", blank=True
    )
    agenda = models.TextField(max_length=10000, blank=True)
    minutes = models.TextField(max_length=20000, blank=True)
    actions_arising = models.ManyToManyField(
        "actions.ActionItem", related_name="meetings", blank=True
    )
    is_cancelled = models.BooleanField(default=False)

    history = _meeting_history
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["series", "starts_at"]),
            models.Index(fields=["ends_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="A meeting must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.display_title}, {timezone.localtime(self.starts_at):%d %B %Y}"

    def get_absolute_url(self):
        return reverse("partnerships:meeting", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        return self.title or self.series.name


class MeetingPaper(models.Model):
    """A paper for a meeting: a link, or a file uploaded to the portal."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="meeting-papers/%Y/", blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(url="") & Q(file="")) | (Q(url="") & ~Q(file="")),
                name="paper_link_or_file",
                violation_error_message="Give a link or a file, not both.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self) -> str:
        if self.url:
            return self.url
        return reverse(
            "partnerships:meeting-paper", kwargs={"pk": self.meeting_id, "paper": self.pk}
        )


# --- Scrutiny -------------------------------------------------------------------------------------


class ScrutinyReviewQuerySet(models.QuerySet):
    def for_list(self):
        return self.prefetch_related("partnerships", "commitments").order_by("-starts_on", "pk")


_scrutiny_history = HistoricalRecords(m2m_fields=["partnerships", "commitments"])


class ScrutinyReview(VersionedRecord):
    """A review of the annual scrutiny programme (strategy section 13): elected members
    examine how partnerships deliver, and whether they are open and accountable."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    programme_year = models.PositiveSmallIntegerField(
        help_text="The financial year it belongs to, by its first year: 2026 for 2026/27.",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    scope = models.TextField(max_length=5000)
    partnerships = models.ManyToManyField(Partnership, related_name="scrutiny_reviews", blank=True)
    commitments = models.ManyToManyField(
        "commitments.Commitment", related_name="scrutiny_reviews", blank=True
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    report_url = models.URLField("report", max_length=500, blank=True)

    history = _scrutiny_history
    objects = ScrutinyReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="scrutiny_ends_after_start",
                violation_error_message="A review cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:scrutiny-detail", kwargs={"slug": self.slug})

    @property
    def programme_label(self) -> str:
        return f"{self.programme_year}/{(self.programme_year + 1) % 100:02d}"


def history_records(model) -> HistoricalRecords:
    """The ``HistoricalRecords`` of a model edited through forms with a version (to write one
    record per change, m2m fields included: see ``partnerships.services``)."""
    return {
        Partnership: _partnership_history,
        Risk: _risk_history,
        Meeting: _meeting_history,
        ScrutinyReview: _scrutiny_history,
    }[model]


# --- Frozen quarterly and annual reports ---------------------------------------------------


class FrozenReport(models.Model):
    """A quarter's report (``quarter`` 1-4) or a financial year's (``quarter`` 0), frozen once
    the quarter has closed and the reporting grace period has passed. ``data`` never changes
    after it is written (``partnerships.reports``); corrections are dated ``ReportNote``s."""

    year = models.PositiveSmallIntegerField(help_text="The financial year's first year.")
    quarter = models.PositiveSmallIntegerField(help_text="1-4; 0 for the annual report.")
    frozen_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="frozen_report_once"),
            models.CheckConstraint(
                condition=Q(quarter__gte=0, quarter__lte=4), name="frozen_report_quarter_0_4"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("partnerships:report", kwargs={"slug": self.slug})

    @property
    def is_annual(self) -> bool:
        return self.quarter == 0

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        if self.is_annual:
            return f"Annual report {self.financial_year}"
        return f"Quarterly report {self.financial_year} Q{self.quarter}"

    @property
    def slug(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}-" + (
            "annual" if self.is_annual else f"q{self.quarter}"
        )


class ReportNote(models.Model):
    """A dated correction to a frozen report: the report itself never changes."""

    report = models.ForeignKey(FrozenReport, on_delete=models.PROTECT, related_name="notes")
    date = models.DateField()
    text = models.TextField(max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"Note of {self.date:%d %B %Y} on {self.report}"
