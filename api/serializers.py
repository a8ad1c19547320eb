"""What the API says about each record: the public register, the charter and the public action
plan, and never a personal detail.

The rule is the public pages' and downloads' (``councils/views/public.py`` ``council_record``,
``councils/views/progress.py`` ``_download_row``, ``actions/views/public.py`` ``download_row``):
no user account, no clerk's or officer's name or email, no council contact email, no one who
recorded, reported, authorised or wrote anything; only public action items and their updates;
only published (or superseded) charter versions. Dates are ISO 8601 (``YYYY-MM-DD``), times
ISO 8601 with an offset.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions.models import ActionItem, ActionUpdate
from commitments.models import CharterVersion, Commitment, Principle, StrategicAim
from councils.models import Council, ProgressReport, Signature


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class CouncilSerializer(serializers.ModelSerializer):
    page = serializers.SerializerMethodField(help_text="The council's page on the portal.")
    badge = serializers.SerializerMethodField(help_text="The council's SVG badge.")
    gss_codes = serializers.SerializerMethodField(help_text="ONS GSS codes, e.g. E04008122.")
    district = serializers.SerializerMethodField(help_text="The district's name (none: county).")
    district_slug = serializers.SerializerMethodField()
    charter_version = serializers.SerializerMethodField(
        help_text="The charter version signed (for signatories)."
    )
    replaced_by = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Council
        fields = [
            "slug",
            "name",
            "page",
            "badge",
            "gss_codes",
            "kind",
            "kind_confirmed",
            "district",
            "district_slug",
            "website",
            "status",
            "signed_on",
            "charter_version",
            "started_on",
            "ended_on",
            "replaced_by",
        ]

    def get_page(self, council) -> str:
        return _absolute(council.get_absolute_url())

    def get_badge(self, council) -> str:
        return _absolute(reverse("councils:badge", kwargs={"slug": council.slug}))

    def get_gss_codes(self, council) -> list[str]:
        return sorted(council.gss_codes)

    def get_district(self, council) -> str | None:
        return council.district.name if council.district else None

    def get_district_slug(self, council) -> str | None:
        return council.district.slug if council.district else None

    def get_charter_version(self, council) -> int | None:
        return council.signed_version.number if council.signed_version else None


class SignatureSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    council_name = serializers.CharField(source="council.name", read_only=True)
    charter_version = serializers.IntegerField(source="version.number", read_only=True)
    status = serializers.SerializerMethodField(help_text='"signed" or "withdrawn".')
    certificate = serializers.SerializerMethodField(help_text="The printable certificate.")

    class Meta:
        model = Signature
        fields = [
            "id",
            "council",
            "council_name",
            "charter_version",
            "resolution_date",
            "minute_reference",
            "minutes_url",
            "authorised_by_role",
            "on_paper",
            "status",
            "withdrawn_on",
            "withdrawal_reason",
            "certificate",
        ]

    def get_status(self, signature) -> str:
        return "withdrawn" if signature.is_withdrawn else "signed"

    def get_certificate(self, signature) -> str:
        return _absolute(
            reverse(
                "councils:certificate",
                kwargs={"slug": signature.council.slug, "number": signature.version.number},
            )
        )


class ProgressReportSerializer(serializers.ModelSerializer):
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    council_name = serializers.CharField(source="council.name", read_only=True)
    district = serializers.SerializerMethodField()
    commitment = serializers.CharField(source="commitment.key", read_only=True)
    commitment_title = serializers.CharField(source="commitment.title", read_only=True)
    charter_version = serializers.IntegerField(source="commitment.version.number", read_only=True)
    period = serializers.CharField(source="period.label", read_only=True)
    evidence_links = serializers.ListField(child=serializers.URLField(), read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "council",
            "council_name",
            "district",
            "commitment",
            "commitment_title",
            "charter_version",
            "period",
            "period_year",
            "period_quarter",
            "status",
            "what_we_did",
            "evidence_links",
            "not_applicable_reason",
            "updated_at",
        ]

    def get_district(self, report) -> str | None:
        return report.council.district.name if report.council.district else None


class ActionItemSerializer(serializers.ModelSerializer):
    page = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    commitments = serializers.SerializerMethodField(help_text="The commitments' stable keys.")
    strategic_aims = serializers.SerializerMethodField()
    lead_organisation = serializers.CharField(read_only=True)
    lead_council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    last_update = serializers.DateField(source="last_update_on", read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "reference",
            "title",
            "description",
            "status",
            "overdue",
            "commitments",
            "strategic_aims",
            "lead_organisation",
            "lead_council",
            "lead_officer_role",
            "start_date",
            "due_date",
            "last_update",
            "page",
        ]

    def get_page(self, item) -> str:
        return _absolute(item.get_absolute_url())

    def get_commitments(self, item) -> list[str]:
        return [c.key for c in item.commitments.all()]

    def get_strategic_aims(self, item) -> list[str]:
        return [str(a) for a in item.aims.all()]


class ActionUpdateSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="reference", read_only=True)

    class Meta:
        model = ActionUpdate
        fields = ["id", "item", "date", "text", "status_from", "status_to", "created_at"]


class StrategicAimSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicAim
        fields = ["number", "title", "description"]


class PrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Principle
        fields = ["key", "order", "title", "statements"]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["key", "order", "title", "lead_in", "statements"]


class CharterVersionSerializer(serializers.ModelSerializer):
    page = serializers.SerializerMethodField()
    aims = StrategicAimSerializer(many=True, read_only=True)
    principles = PrincipleSerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = CharterVersion
        fields = [
            "number",
            "title",
            "status",
            "published_on",
            "page",
            "summary_of_changes",
            "introduction",
            "aims_introduction",
            "aims",
            "principles_introduction",
            "principles",
            "commitments_introduction",
            "commitments",
            "implementation",
            "source",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, version) -> str:
        return _absolute(version.get_absolute_url())
