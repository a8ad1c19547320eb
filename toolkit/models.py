"""The toolkit for local councils: resources (guides, templates, checklists, contacts, links)
that the policy team writes, and the directory of the county's services for local councils.

A resource is tagged with the principles and commitments it serves (rows of a charter version;
its pages find it by their stable ``key``, so a resource stays on a commitment's page when a new
version of the charter is published) and the kinds of council it suits (``Council.Kind``).
Its body is Markdown; ``body_html`` is the sanitised HTML made from it by the service that saves
it (``toolkit.services``, with ``ui.markdown.render_markdown``), so that no page renders Markdown.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from commitments.models import Commitment, Principle
from councils.models import Council

# The fixed slug of the guide "How to become a signatory", seeded by ``bootstrap``.
SIGNATORY_GUIDE_SLUG = "how-to-become-a-signatory"
# The kinds of council a resource may suit (the county does not use the toolkit).
COUNCIL_KINDS = [
    (kind.value, kind.label)
    for kind in (
        Council.Kind.TOWN,
        Council.Kind.PARISH,
        Council.Kind.PARISH_MEETING,
        Council.Kind.DISTRICT,
        Council.Kind.CITY,
    )
]
_KIND_LABELS = dict(COUNCIL_KINDS)


class EditedRecord(models.Model):
    """A record the policy team edits through ``toolkit.services``: when it was created, when
    and by whom it was last saved (the services set ``updated_by``)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        abstract = True


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def for_list(self):
        """What a list of resources shows: nothing but the row (no Markdown, no tags)."""
        return self.defer("body", "body_html")

    def serving(self, *, commitment_key: str = "", principle_key: str = ""):
        """Published resources tagged with the commitment (or principle) of this key, in any
        charter version, newest first."""
        qs = self.published()
        if commitment_key:
            qs = qs.filter(commitments__key=commitment_key)
        if principle_key:
            qs = qs.filter(principles__key=principle_key)
        return qs.distinct().for_list().order_by("title", "pk")

    def suiting(self, kind: str):
        """Resources that suit councils of ``kind`` (a ``Council.Kind`` value), or say no kind
        (they suit every council). ``council_kinds`` is a JSON list: its text holds the value
        in quotes, which matches on PostgreSQL and SQLite alike."""
        return self.filter(Q(council_kinds=[]) | Q(council_kinds__icontains=f'"{kind}"'))

    def search(self, words: str):
        q = Q()
        for word in words.split()[:10]:
            q &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        return self.filter(q)

    def dashboard_counts(self) -> dict[str, int]:
        """``{"published": n, "draft": n, "services": n}`` for the policy team's dashboard (two
        queries)."""
        counts = dict(self.values_list("status").annotate(n=models.Count("pk")).order_by())
        return {
            "published": counts.get(Resource.Status.PUBLISHED, 0),
            "draft": counts.get(Resource.Status.DRAFT, 0),
            "services": CountyService.objects.count(),
        }


class Resource(EditedRecord):
    """One resource of the toolkit."""

    class Kind(models.TextChoices):
        GUIDE = "guide", "Guide"
        TEMPLATE = "template", "Template"
        CHECKLIST = "checklist", "Checklist"
        CONTACT = "contact", "Contact"
        LINK = "link", "Link"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences: shown in lists and search results."
    )
    body = models.TextField(
        blank=True,
        max_length=50000,
        help_text="Markdown: # for a heading, - for a list, [words](https://...) for a link.",
    )
    body_html = models.TextField(blank=True, editable=False)
    url = models.URLField("web address", max_length=500, blank=True)
    attachment = models.FileField(upload_to="toolkit/%Y/", blank=True, max_length=255)
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    attachment_size = models.PositiveIntegerField(default=0, editable=False)
    principles = models.ManyToManyField(Principle, blank=True, related_name="+")
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="+")
    council_kinds = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["body_html"])
    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "title"], name="toolkit_resource_listed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="resource_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(url=""), name="resource_link_has_address"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="resource_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toolkit:resource", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def council_kind_labels(self) -> list[str]:
        """The kinds of council it suits, in words (empty: every kind)."""
        return [_KIND_LABELS.get(kind, kind) for kind in self.council_kinds]


class CountyServiceQuerySet(models.QuerySet):
    def search(self, words: str):
        q = Q()
        for word in words.split()[:10]:
            q &= Q(name__icontains=word) | Q(team__icontains=word) | Q(what_it_does__icontains=word)
        return self.filter(q)


class CountyService(EditedRecord):
    """A service of the county council (or a partner) that local councils can turn to: what it
    does for them and how to reach it. Kept by the policy team ("Navigating the county")."""

    name = models.CharField("service", max_length=200)
    slug = models.SlugField(max_length=200, unique=True, editable=False)
    team = models.CharField(
        "team or directorate", max_length=200, blank=True, help_text="For example, Highways."
    )
    what_it_does = models.TextField(
        "what it does for councils",
        max_length=3000,
        help_text="What a clerk or councillor can ask it for.",
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    website = models.URLField(max_length=500, blank=True)
    how_to_reach = models.CharField(
        "other ways to reach it",
        max_length=500,
        blank=True,
        help_text="For example, a form to fill in, or hours when the line is open.",
    )

    history = HistoricalRecords()
    objects = CountyServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "county service"
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | ~Q(website="") | ~Q(how_to_reach=""),
                name="county_service_reachable",
                violation_error_message="Give at least one way to reach the service",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("toolkit:services") + f"#{self.slug}"
