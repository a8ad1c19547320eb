"""Consultations on a version of the charter: the questions asked, the responses (one per
council, or one per person where the policy team lets individuals respond), and what the policy
team made of them ("You said, we did").

A consultation whose responses are not in the portal (the 2023-24
consultation on version 1, known only from its published results) keeps the totals that were
published beside the responses counted here: ``recorded_*`` on the consultation and
``recorded_agree_percent`` on each question, with the sources they came from. This app sits
above ``councils`` and ``commitments``: it imports them, nothing below imports it. Writes go
through ``consultations.services``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        """Consultations anyone may read: those that have opened (a planned one stays with the
        policy team until its opening date)."""
        return self.filter(opens_on__lte=timezone.localdate())

    def open(self):
        """Consultations taking responses today: opened, and not past their closing date (both
        days inclusive, as ``Consultation.is_open``)."""
        today = timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today)

    def with_counts(self):
        """Each with ``submitted_count`` (responses sent, councils' and individuals') and
        ``council_count`` (councils among them), in one query."""
        submitted = Q(responses__status=Response.Status.SUBMITTED)
        return self.select_related("version").annotate(
            submitted_count=Count("responses", filter=submitted),
            council_count=Count(
                "responses", filter=submitted & Q(responses__council__isnull=False)
            ),
        )


class Consultation(models.Model):
    """A consultation on one version of the charter (a draft, usually), open from ``opens_on``
    to ``closes_on`` inclusive (local dates)."""

    version = models.OneToOneField(
        "commitments.CharterVersion", on_delete=models.PROTECT, related_name="consultation"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(blank=True, help_text="What is asked, of whom, and why.")
    opens_on = models.DateField()
    opens_month_only = models.BooleanField(
        default=False,
        help_text="Only the month it opened is known: shown as the month, not the day.",
    )
    closes_on = models.DateField()
    individuals_allowed = models.BooleanField(
        default=False,
        help_text="Councillors and residents may respond for themselves, not only councils.",
    )
    # Totals published for a consultation whose responses are not in the portal.
    recorded_responses = models.PositiveIntegerField(null=True, blank=True)
    recorded_councils = models.PositiveIntegerField(null=True, blank=True)
    recorded_councils_more_than = models.BooleanField(
        default=False, help_text="The source says “more than” this many councils."
    )
    responses_published_elsewhere = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where every response was published, when it is not in the portal.",
    )
    # [{"key": "S1", "title": "...", "where": "...", "url": "https://..."}]: the sources of the
    # recorded facts ("url" only where the page's address is known).
    sources = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_opening",
                violation_error_message="The closing date must be on or after the opening date.",
            ),
            models.CheckConstraint(
                condition=Q(recorded_councils__isnull=False) | Q(recorded_councils_more_than=False),
                name="consultation_more_than_needs_number",
                violation_error_message="“More than” needs a number of councils.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"consultation": self.slug})

    def get_draft_url(self):
        """The page showing the version consulted on and what changed in it."""
        return reverse("consultations:draft", kwargs={"consultation": self.slug})

    def version_url(self) -> str:
        """Where to read the version consulted on: its own page once published (or
        superseded), this consultation's draft page while it is a draft (a draft's own page
        is the policy team's alone)."""
        if self.version.status == self.version.Status.DRAFT:
            return self.get_draft_url()
        return self.version.get_absolute_url()

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def is_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on

    @property
    def has_recorded_totals(self) -> bool:
        return self.recorded_responses is not None


class ConsultationPart(models.Model):
    """A numbered part of a consultation (its questions, its themes): ``order`` 1, 2, ...,
    unique within the consultation; the concrete model holds the ``consultation`` key."""

    order = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "order"], name="consultation_%(class)s_unique_order"
            ),
        ]

    @classmethod
    def at_end(cls, consultation):
        """A new, unsaved part numbered after the consultation's last one (1 if none): one
        query. The caller holds the consultation's row lock, so two saves never take the same
        number."""
        last = (
            cls.objects.filter(consultation=consultation)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        return cls(consultation=consultation, order=(last or 0) + 1)


class Question(ConsultationPart):
    """One question, answered yes / partly / no with a comment, about a part of the charter."""

    class Section(models.TextChoices):
        AIMS = "aims", "The aims"
        PRINCIPLES = "principles", "The principles"
        COMMITMENTS = "commitments", "The commitments"
        GENERAL = "general", "The charter as a whole"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.CharField(max_length=12, choices=Section)
    text = models.CharField(max_length=300)
    recorded_agree_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="The share who agreed, as published, when the responses are not in the portal.",
    )

    history = HistoricalRecords()

    class Meta(ConsultationPart.Meta):
        constraints = [
            *ConsultationPart.Meta.constraints,
            models.CheckConstraint(
                condition=Q(recorded_agree_percent__lte=100),
                name="consultation_question_percent_range",
            ),
        ]

    def __str__(self):
        return self.text


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Response.Status.SUBMITTED)

    def for_list(self):
        return self.select_related("council", "respondent").prefetch_related(
            models.Prefetch("answers", queryset=Answer.objects.select_related("question"))
        )


class Response(models.Model):
    """A council's response (any of its clerks may write it), or an individual's. Kept as a
    draft until sent; it can be changed, and sent again, until the closing date."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Sent"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_responses",
    )
    # Who wrote it last (a council's clerk) or the individual responding: personal details,
    # never published or downloaded.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_responses"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_consent = models.BooleanField(
        default=False,
        help_text="An individual agreed that what they said may be published (without their name).",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "council"],
                condition=Q(council__isnull=False),
                name="consultation_one_response_per_council",
                violation_error_message="This council has already responded to the consultation.",
            ),
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                condition=Q(council__isnull=True),
                name="consultation_one_response_per_individual",
                violation_error_message="You have already responded to the consultation.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="consultation_response_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self):
        return f"Response of {self.council or 'an individual'} to {self.consultation_id}"

    @property
    def is_individual(self) -> bool:
        return self.council_id is None


class Answer(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=6, choices=Choice, blank=True)
    comment = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="consultation_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=["", "yes", "partly", "no"]),
                name="consultation_answer_choice_valid",
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self):
        return f"{self.get_choice_display() or 'Not answered'} to question {self.question_id}"


class Theme(ConsultationPart):
    """What respondents said ("You said") and what the policy team did about it ("We did";
    blank until recorded), with the sections of the new version that changed."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    you_said = models.TextField(max_length=2000)
    we_did = models.TextField(blank=True, max_length=4000)
    # Keys of the changed sections of the new version: "aims", "principle:<key>",
    # "commitment:<key>" (keys stay the same across versions).
    changed_sections = models.JSONField(default=list, blank=True)
    source = models.CharField(
        max_length=20, blank=True, help_text="The source of a recorded theme, e.g. S1."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"Theme {self.order}"


class ConsultationInvitation(models.Model):
    """An email inviting a council to respond, sent through the outbox. Counts towards the
    council's limit of one email a day (``councils.services.invitations.INVITATION_EVERY``)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="consultation_invitations"
    )
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["council", "-created_at"])]

    def __str__(self):
        return f"Invitation to {self.council} to respond to {self.consultation}"
