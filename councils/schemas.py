"""The register's records as they leave or enter the portal: councils, signatures, progress
reports and councils' contact addresses (see ``ui/records.py``).

Each column is in the outputs that publish it: the directory's and the progress page's
downloads (``DOWNLOAD``), the bulk ZIP (``BULK``), the API (``API``) and the policy team's
uploads (``UPLOAD``). Only public fields are published: no user account, no clerk's name or
email, no council contact address, no one who recorded or reported anything. Where the API
gives a column a richer form than a CSV cell (a list, a link to a related record), its
serializer in ``api/serializers.py`` says how; the column's name and place are still here.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse

from ui.records import API, BULK, DOWNLOAD, UPLOAD, Column, Schema

from .models import Council, ProgressReport, Signature

ALL = frozenset({DOWNLOAD, BULK, API})
ONLY_API = frozenset({API})


def _joined(separator: str):
    def join(value):
        return separator.join(value or []) if not isinstance(value, str) else value

    return join


def _district_name(council) -> str | None:
    return council.district.name if council.district else None


COUNCIL = Schema(
    name="councils",
    model=Council,
    columns=(
        Column("slug", outputs=ONLY_API),
        Column("name", get=lambda c, _: c.name),
        Column(
            "page",
            get=lambda c, ctx: f"{ctx['site_url']}{c.get_absolute_url()}",
            description="The council's page on the portal",
        ),
        Column("badge", outputs=ONLY_API),
        Column(
            "gss_codes",
            get=lambda c, _: c.gss_codes,
            csv=_joined(";"),
            description="ONS GSS codes, separated by semicolons",
        ),
        Column(
            "kind",
            get=lambda c, _: c.kind,
            description="county, district, city, town, parish or parish-meeting",
        ),
        Column(
            "kind_confirmed",
            get=lambda c, _: c.kind_confirmed,
            type="boolean",
            description="Whether the kind is confirmed",
        ),
        Column("district", get=lambda c, _: _district_name(c)),
        Column("district_slug", outputs=ONLY_API),
        Column("website", get=lambda c, _: c.website),
        Column(
            "status",
            get=lambda c, _: c.status,
            description="not-signed, invited, signed or withdrawn",
        ),
        Column(
            "signed_on",
            get=lambda c, _: c.signed_on,
            type="date",
            description="When the council signed (signatories)",
        ),
        Column(
            "charter_version",
            get=lambda c, _: c.signed_version.number if c.signed_version else None,
            type="integer",
            description="The charter version signed",
        ),
        Column("started_on", outputs=ONLY_API),
        Column("ended_on", outputs=ONLY_API),
        Column("replaced_by", outputs=ONLY_API),
    ),
)

SIGNATURE = Schema(
    name="signatures",
    model=Signature,
    columns=(
        Column("id", get=lambda s, _: s.pk, type="integer"),
        Column("council", get=lambda s, _: s.council.slug, description="The council's slug"),
        Column("council_name", get=lambda s, _: s.council.name),
        Column("charter_version", get=lambda s, _: s.version.number, type="integer"),
        Column(
            "resolution_date",
            get=lambda s, _: s.resolution_date,
            type="date",
            description="The date of the council's resolution",
        ),
        Column("minute_reference", get=lambda s, _: s.minute_reference),
        Column("minutes_url", get=lambda s, _: s.minutes_url, description="The published minutes"),
        Column(
            "authorised_by_role",
            get=lambda s, _: s.authorised_by_role,
            description="The role (not the name) of who authorised it",
        ),
        Column(
            "on_paper", get=lambda s, _: s.on_paper, type="boolean", description="Received on paper"
        ),
        Column(
            "status",
            get=lambda s, _: "withdrawn" if s.is_withdrawn else "signed",
            description="signed or withdrawn",
        ),
        Column("withdrawn_on", get=lambda s, _: s.withdrawn_on, type="date"),
        Column("withdrawal_reason", get=lambda s, _: s.withdrawal_reason),
        Column(
            "certificate",
            get=lambda s, ctx: (
                ctx["site_url"]
                + reverse(
                    "councils:certificate",
                    kwargs={"slug": s.council.slug, "number": s.version.number},
                )
            ),
            outputs=ONLY_API,
        ),
    ),
)

# The progress download (a quarter's reports, to read or to upload again) names each report by
# its council, commitment and quarter; the bulk ZIP and the API by its id and the quarter's
# year and number. The upload reads the download's columns (``councils/services/progress.py``).
_PAGE = frozenset({DOWNLOAD, UPLOAD})
PROGRESS_REPORT = Schema(
    name="progress-reports",
    model=ProgressReport,
    columns=(
        Column("id", get=lambda r, _: r.pk, type="integer", outputs=frozenset({BULK, API})),
        Column(
            "council",
            get=lambda r, _: r.council.slug,
            description="The council's slug",
            outputs=ALL | {UPLOAD},
        ),
        Column("council_name", get=lambda r, _: r.council.name),
        Column(
            "gss_code",
            get=lambda r, _: ";".join(c.code for c in r.council.codes.all()),
            outputs=_PAGE,
        ),
        Column("district", get=lambda r, _: _district_name(r.council) or ""),
        Column(
            "commitment",
            get=lambda r, _: r.commitment.key,
            description="The commitment's stable key",
            outputs=ALL | {UPLOAD},
            required=True,
        ),
        Column("commitment_title", get=lambda r, _: r.commitment.title),
        Column("charter_version", get=lambda r, _: r.commitment.version.number, type="integer"),
        Column(
            "period",
            get=lambda r, _: r.period.label,
            outputs=frozenset({DOWNLOAD, API, UPLOAD}),
            required=True,
        ),
        Column(
            "period_year",
            type="integer",
            description="The year of the quarter reported on",
            outputs=frozenset({BULK, API}),
        ),
        Column(
            "period_quarter",
            type="integer",
            description="The quarter (1: January to March)",
            outputs=frozenset({BULK, API}),
        ),
        Column("status", get=lambda r, _: r.status, outputs=ALL | {UPLOAD}, required=True),
        Column("what_we_did", get=lambda r, _: r.what_we_did, outputs=ALL | {UPLOAD}),
        Column(
            "evidence_links",
            get=lambda r, _: r.evidence_links,
            csv=_joined(" "),
            description="Links separated by spaces",
            outputs=ALL | {UPLOAD},
        ),
        Column(
            "not_applicable_reason",
            get=lambda r, _: r.not_applicable_reason,
            outputs=ALL | {UPLOAD},
        ),
        Column("updated_at", get=lambda r, _: r.updated_at, type="datetime"),
    ),
)


def _contact_email(text: str) -> str:
    """A contact address from its CSV cell, refused in the upload's words (empty, not an
    address, over 254 characters: RFC 5321's limit and the model field's)."""
    if not text:
        raise ValidationError("give the council's contact address")
    problems = []
    try:
        validate_email(text)
    except ValidationError:
        problems.append(f"“{text[:80]}” is not an email address")
    if len(text) > 254:
        problems.append("at most 254 characters")
    if problems:
        raise ValidationError(problems)
    return text


# A file of councils' contact addresses for the policy team's upload: each council by any of
# its GSS codes or its slug. Never published (an address is a clerk's mailbox).
CONTACT = Schema(
    name="contacts",
    model=Council,
    columns=(
        Column(
            "gss_code",
            get=lambda c, _: c.gss_codes[0] if c.gss_codes else "",
            parse=str.upper,
            outputs=frozenset({DOWNLOAD, UPLOAD}),
        ),
        Column("slug", get=lambda c, _: c.slug, outputs=frozenset({DOWNLOAD, UPLOAD})),
        Column("name", get=lambda c, _: c.name, outputs=frozenset({DOWNLOAD})),
        Column(
            "contact_email",
            get=lambda c, _: c.contact_email,
            parse=_contact_email,
            field="contact_email",
            outputs=frozenset({DOWNLOAD, UPLOAD}),
            required=True,
        ),
    ),
)

# A row of an edition of the register (``councils/data/SOURCES.md``), read by the import
# (``councils.services.register``, which checks each row and names every problem by line).
_IMPORT = frozenset({UPLOAD})
REGISTER_ENTRY = Schema(
    name="register",
    model=Council,
    columns=(
        Column("gss_code", outputs=_IMPORT, required=True, description="separated by ;"),
        Column("name", outputs=_IMPORT, required=True),
        Column("kind", outputs=_IMPORT, required=True),
        Column("district", outputs=_IMPORT, required=True, description="empty for the county"),
        Column("website", outputs=_IMPORT),
        Column("kind_confirmed", outputs=_IMPORT, description="yes or no; yes when empty"),
        Column("contact_email", outputs=_IMPORT),
    ),
)
