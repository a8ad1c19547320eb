"""What the API says about each record: the public register, the charter and the public action
plan, and never a personal detail.

Each serializer's fields are its record's schema's ``API`` columns (``councils/schemas.py``,
``actions/schemas.py``; see ``ui/records.py``), the same definitions as the downloads and the
bulk ZIP: a column the serializer does not declare is a model field or is given by the
column's ``get``. The rule is the public pages' and downloads': no user account, no clerk's
or officer's name or email, no council contact email, no one who
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
from actions.schemas import ACTION_ITEM, ACTION_UPDATE
from commitments.models import CharterVersion, Commitment, Principle, StrategicAim
from councils.models import Council, ProgressReport, Signature
from councils.schemas import COUNCIL, PROGRESS_REPORT, SIGNATURE
from ui.records import API


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class ColumnField(serializers.ReadOnlyField):
    """A schema's column the serializer does not declare and the model has not: its value is
    the column's ``get`` of the instance, addresses on ``settings.SITE_URL``."""

    def __init__(self, column, **kwargs):
        self.column = column
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance):
        return self.column.get(instance, {"site_url": settings.SITE_URL})


class SchemaSerializer(serializers.ModelSerializer):
    """A read-only serializer whose fields are ``record_schema``'s ``API`` columns, in order, read
    when a serializer is made (so a column added to the schema is in the API at once)."""

    record_schema = None

    def get_field_names(self, declared_fields, info):
        return self.record_schema.names(API)

    def build_unknown_field(self, field_name, model_class):
        column = self.record_schema[field_name]
        if column.get is None:
            return super().build_unknown_field(field_name, model_class)
        return ColumnField, {"column": column}


class CouncilSerializer(SchemaSerializer):
    record_schema = COUNCIL
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
        fields = COUNCIL.names(API)

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


class SignatureSerializer(SchemaSerializer):
    record_schema = SIGNATURE
    council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    council_name = serializers.CharField(source="council.name", read_only=True)
    charter_version = serializers.IntegerField(source="version.number", read_only=True)
    status = serializers.SerializerMethodField(help_text='"signed" or "withdrawn".')
    certificate = serializers.SerializerMethodField(help_text="The printable certificate.")

    class Meta:
        model = Signature
        fields = SIGNATURE.names(API)

    def get_status(self, signature) -> str:
        return "withdrawn" if signature.is_withdrawn else "signed"

    def get_certificate(self, signature) -> str:
        return _absolute(
            reverse(
                "councils:certificate",
                kwargs={"slug": signature.council.slug, "number": signature.version.number},
            )
        )


class ProgressReportSerializer(SchemaSerializer):
    record_schema = PROGRESS_REPORT
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
        fields = PROGRESS_REPORT.names(API)

    def get_district(self, report) -> str | None:
        return report.council.district.name if report.council.district else None


class ActionItemSerializer(SchemaSerializer):
    record_schema = ACTION_ITEM
    page = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    commitments = serializers.SerializerMethodField(help_text="The commitments' stable keys.")
    strategic_aims = serializers.SerializerMethodField()
    lead_organisation = serializers.CharField(read_only=True)
    lead_council = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    last_update = serializers.DateField(source="last_update_on", read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ACTION_ITEM.names(API)

    def get_page(self, item) -> str:
        return _absolute(item.get_absolute_url())

    def get_commitments(self, item) -> list[str]:
        return [c.key for c in item.commitments.all()]

    def get_strategic_aims(self, item) -> list[str]:
        return [str(a) for a in item.aims.all()]


class ActionUpdateSerializer(SchemaSerializer):
    record_schema = ACTION_UPDATE
    item = serializers.SlugRelatedField(slug_field="reference", read_only=True)

    class Meta:
        model = ActionUpdate
        fields = ACTION_UPDATE.names(API)


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
