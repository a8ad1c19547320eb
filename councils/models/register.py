"""The register of councils: who they are, where they are, and what replaced them."""

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

# How a council's name is searched: what people type ("St. Helen", "st helens", "Helen’s")
# finds "St Helen's Without Parish Council". Apostrophes are dropped (Helen's is helens), other
# punctuation is a space, accents and case are ignored. ``Council.search_name`` keeps each
# name in that form, the same on PostgreSQL and SQLite; ``search_key`` makes it of a name and
# of what is typed.
APOSTROPHES = "'’‘`´"


def search_key(text: str) -> str:
    """``text`` as the search compares it: lower case, without accents or apostrophes, other
    punctuation as spaces, single-spaced ("St. Helen’s" gives "st helens")."""
    text = unicodedata.normalize("NFKD", str(text or "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in APOSTROPHES)
    text = text.replace("æ", "ae").replace("ø", "o").replace("œ", "oe")
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


class District(models.Model):
    """A district-level area (ONS local authority district), used to group councils."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    gss_code = models.CharField("GSS code", max_length=9, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CouncilQuerySet(models.QuerySet):
    def current(self):
        """Councils that exist today (not ended by a merger or reorganisation)."""
        return self.filter(ended_on__isnull=True)

    def signed(self):
        return self.filter(status=Council.Status.SIGNED)

    def in_district(self, district):
        return self.filter(district=district)

    def for_directory(self):
        return self.current().select_related("district", "signed_version")

    def status_counts(self):
        """{status: count} over this queryset, with every status present."""
        counts = {status: 0 for status in Council.Status.values}
        for row in self.order_by().values("status").annotate(n=models.Count("pk")):
            counts[row["status"]] = row["n"]
        return counts

    # --- The public directory and the register ---
    def search(self, q):
        """Councils whose name contains every word of ``q``, ignoring case, accents and
        punctuation (``search_key``), and a final "s": "St. Helen", "st helens", "Helen’s" and
        "St Helens" all find "St Helen's Without Parish Council" and "St Helen Without Parish
        Council" (its name in the register's second edition)."""
        qs = self
        for word in search_key(q).split():
            # A possessive or plural "s" typed or not ("St Helens" for "St Helen Without",
            # "Helen's" for "St Helen's"): a word of four letters or more matches without it.
            if len(word) > 3 and word.endswith("s"):
                word = word[:-1]
            qs = qs.filter(search_name__contains=word)
        return qs

    def with_status_rank(self):
        """Annotate ``status_rank``: signed first, then invited, not yet signed, withdrawn."""
        ranks = [Council.Status.SIGNED, Council.Status.INVITED, Council.Status.NOT_SIGNED]
        return self.annotate(
            status_rank=models.Case(
                *[models.When(status=s, then=models.Value(i)) for i, s in enumerate(ranks)],
                default=models.Value(len(ranks)),
            )
        )

    def _signed_counts(self, *fields):
        return (
            self.order_by()
            .values(*fields)
            .annotate(
                total=models.Count("pk"),
                signed=models.Count("pk", filter=Q(status=Council.Status.SIGNED)),
            )
            # The row without a value (the county's own, no district) last on every database:
            # PostgreSQL sorts NULL last by default, SQLite first.
            .order_by(*(models.F(field).asc(nulls_last=True) for field in fields))
        )

    def counts_by_district(self) -> list[dict]:
        """[{value: slug, label: name, total, signed}] per district, in one query; the
        county's own row has no district (value and label None)."""
        return [
            {
                "value": row["district__slug"],
                "label": row["district__name"],
                "total": row["total"],
                "signed": row["signed"],
            }
            for row in self._signed_counts("district__name", "district__slug")
        ]

    def counts_by_kind(self) -> list[dict]:
        """[{value: kind, label, total, signed, query}] for every kind that has councils, in
        one query; ``query`` is the directory's filter for the row. Councils whose kind no
        source has confirmed are counted in a last row of their own (value None, label
        ``Council.KIND_NOT_CONFIRMED``), not under the kind the register gives them for now."""
        found: dict[str | None, dict] = {}
        for row in self._signed_counts("kind", "kind_confirmed"):
            counts = found.setdefault(
                row["kind"] if row["kind_confirmed"] else None, {"total": 0, "signed": 0}
            )
            counts["total"] += row["total"]
            counts["signed"] += row["signed"]
        rows = [
            {"value": kind, "label": label, **counts, "query": f"kind={kind}&kind_confirmed=yes"}
            for kind, label in Council.Kind.choices
            if (counts := found.get(kind))
        ]
        if counts := found.get(None):
            label, query = Council.KIND_NOT_CONFIRMED, "kind_confirmed=no"
            rows.append({"value": None, "label": label, **counts, "query": query})
        return rows

    def register_summary(self) -> dict:
        """Counts for the policy team's dashboard, in one query."""
        return self.aggregate(
            total=models.Count("pk"),
            signed=models.Count("pk", filter=Q(status=Council.Status.SIGNED)),
            kind_unconfirmed=models.Count("pk", filter=Q(kind_confirmed=False)),
            corrected=models.Count("pk", filter=~Q(corrected_fields=[])),
        )

    # --- end of the directory and register section ---


class Council(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        CITY = "city", "City council"
        TOWN = "town", "Town council"
        PARISH = "parish", "Parish council"
        PARISH_MEETING = "parish-meeting", "Parish meeting"

    class Status(models.TextChoices):
        """Signatory status, kept by councils.services from signatures and invitations."""

        NOT_SIGNED = "not-signed", "Not yet signed"
        INVITED = "invited", "Invited"
        SIGNED = "signed", "Signed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The colour of each status's GOV.UK tag (``{% status_tag council %}``); grey otherwise.
    STATUS_TAG_COLOURS = {"signed": "green", "invited": "", "withdrawn": "orange"}

    PRINCIPAL_KINDS = (Kind.COUNTY, Kind.DISTRICT, Kind.CITY)
    LOCAL_KINDS = (Kind.TOWN, Kind.PARISH, Kind.PARISH_MEETING)

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    kind_confirmed = models.BooleanField(
        default=True,
        help_text="False where the register has not confirmed a parish council rather than a "
        "parish meeting.",
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="councils"
    )
    website = models.URLField(max_length=300, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="The council's public contact address, used for invitations."
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced"
    )
    corrected_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields the policy team corrected in the portal; a later import keeps them.",
    )

    # Signatory status: derived from Signature and Invitation rows and kept here, in the same
    # transaction as every write to them (councils.services.council_status_refresh), so that
    # the directory can filter and count on an indexed column at any size.
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_SIGNED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_version = models.ForeignKey(
        "commitments.CharterVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name as the directory's search compares it (``search_key``): set by the register's
    # services whenever they set the name (``councils.services.register``); bulk writers
    # (bench/generate.py) set it too, and ``check_integrity`` reports and repairs any drift.
    search_name = models.CharField(max_length=400, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["status_changed_at", "search_name"])
    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name", "district__name"]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["district", "kind"]),
            models.Index(fields=["-status_changed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="council_ends_after_start",
                violation_error_message="A council cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["county"]) | Q(district__isnull=False),
                name="council_has_district",
                violation_error_message="Every council but the county belongs to a district.",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_on__isnull=False),
                name="council_signed_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("councils:detail", kwargs={"slug": self.slug})

    # What the public pages say of a kind no source has confirmed: the register's parish-level
    # rows are named "... Parish Council" until a source says council or meeting
    # (councils/data/SOURCES.md), so the kind stored is only a placeholder.
    KIND_NOT_CONFIRMED = "Parish council or parish meeting: not yet confirmed"

    @property
    def kind_label(self) -> str:
        """The kind as the public pages show it: "Parish council", "Parish meeting", ... or,
        while no source has confirmed it, "Parish council or parish meeting: not yet
        confirmed"."""
        return self.get_kind_display() if self.kind_confirmed else self.KIND_NOT_CONFIRMED

    @property
    def is_current(self):
        return self.ended_on is None

    @property
    def gss_codes(self):
        return [c.code for c in self.codes.all()]


class CouncilCode(models.Model):
    """A GSS code the council covers: one, or several for a joint parish council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField("GSS code", max_length=9, unique=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[EWSN][0-9]{8}$"),
                name="council_code_gss_format",
                violation_error_message="A GSS code is a letter and eight digits, e.g. E04008018.",
            ),
        ]

    def __str__(self):
        return self.code
