"""The pages the benchmark hits, with their parameters picked from the database.

``pick()`` runs inside Django (bench/generate.py calls it and stores the list in the manifest);
the load client and the query counter read the list from the manifest, so both measure exactly
the same addresses. Kinds: ``ceiling`` (the trivial view), ``html`` (a public page: targets
throughput >= half the ceiling's, p95 < 50 ms, same queries at both sizes), ``csv`` (the whole
directory as a file: under 1 s).
"""

from django.db.models import Count

from commitments.models import CharterVersion
from councils.models import Council, District

SEARCH = "Milton"  # a real Oxfordshire name, and a stem of the generated ones
COMMITMENT = "communication"
LIBRARY_SEARCH = "flooding"  # a word of the generated reports (bench/generate.py, DID)


def page(name: str, path: str, kind: str = "html") -> dict:
    """One entry of the list: the page's ``name`` in reports, its ``path`` and its ``kind``."""
    return {"name": name, "path": path, "kind": kind}


def pick() -> list[dict]:
    district = District.objects.annotate(n=Count("councils")).order_by("-n", "slug").first()
    # A typical signatory: a parish council with progress reports.
    signatories = Council.objects.current().signed().filter(progress_reports__isnull=False)
    council = (
        signatories.filter(kind=Council.Kind.PARISH).order_by("pk").first()
        or signatories.order_by("pk").first()
        or Council.objects.current().order_by("pk").first()
    )
    version = CharterVersion.objects.current()
    keys = [c.key for c in version.commitments.all()] if version else []
    commitment = COMMITMENT if COMMITMENT in keys or not keys else keys[0]
    district_slug = district.slug if district else "none"
    signed_number = council.signed_version.number if council.signed_version else 1
    # What changed: the first version against the current one (one version: itself, which
    # still reads both with their contents).
    current_number = version.number if version else 1
    first = CharterVersion.objects.public().order_by("number").first()
    first_number = first.number if first else current_number
    from partnerships.models import Meeting, Partnership, ScrutinyReview

    partnership = Partnership.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    scrutiny = ScrutinyReview.objects.order_by("pk").first()
    from consultations.models import Consultation

    # The consultation with the most responses (the generated one, 10,000 at full size).
    consultation = Consultation.objects.annotate(n=Count("responses")).order_by("-n", "pk").first()
    consultation_slug = consultation.slug if consultation else "none"
    from toolkit.models import SIGNATORY_GUIDE_SLUG as GUIDE
    from toolkit.models import Resource

    resource = Resource.objects.published().exclude(slug=GUIDE).order_by("pk").first()
    principle = version.principles.order_by("order").first().key if version else "none"
    return [
        page("ceiling (ping)", "/ping/", kind="ceiling"),
        page("home", "/"),
        page("directory", "/councils/"),
        page("directory, filtered", f"/councils/?district={district_slug}&status=signed"),
        page("directory, searched", f"/councils/?q={SEARCH}"),
        page("directory, page 50", "/councils/?page=50"),
        page("council page", f"/councils/{council.slug}/"),
        page("commitment page", f"/charter/commitments/{commitment}/"),
        page("what changed", f"/charter/versions/compare/?from={first_number}&to={current_number}"),
        page("progress overview", "/councils/progress/"),
        page("action plan", "/actions/"),
        page("partnerships", "/partnerships/"),
        page("partnerships, filtered", "/partnerships/?level=thematic"),
        page("partnership page", f"/partnerships/{partnership.slug if partnership else 'none'}/"),
        page("meetings calendar", "/partnerships/meetings/"),
        page("meeting page", f"/partnerships/meetings/{meeting.pk if meeting else 0}/"),
        page("scrutiny programme", "/partnerships/scrutiny/"),
        page(
            "scrutiny review page",
            f"/partnerships/scrutiny/{scrutiny.slug if scrutiny else 'none'}/",
        ),
        page("directory CSV (all)", "/councils/download/signatories.csv", kind="csv"),
        # Open data: the API (JSON, the same targets as the pages), the badge, the certificate,
        # the "Data and API" page and the bulk ZIP (a file: its target is time, as the CSV's).
        page("API councils", "/api/v1/councils/"),
        page("API councils, filtered", f"/api/v1/councils/?district={district_slug}&status=signed"),
        # Page 3 of 100: it exists at both sizes (page 50 would be a 404 in the small set).
        page("API councils, page 3", "/api/v1/councils/?page=3"),
        page("API council", f"/api/v1/councils/{council.slug}/"),
        page("API signatures", "/api/v1/signatures/"),
        page("API progress reports", "/api/v1/progress-reports/"),
        page("API action items", "/api/v1/action-items/"),
        page("API action updates", "/api/v1/action-updates/"),
        page("API charter versions", "/api/v1/charter-versions/"),
        page("council badge", f"/councils/{council.slug}/badge.svg"),
        page("certificate", f"/councils/{council.slug}/certificates/{signed_number}/"),
        page("data and API page", "/data/"),
        page("consultations", "/consultations/"),
        page("you said, we did", f"/consultations/{consultation_slug}/"),
        page("the draft consulted on", f"/consultations/{consultation_slug}/draft/"),
        page(
            "consultation responses CSV",
            f"/consultations/{consultation_slug}/responses.csv",
            kind="csv",
        ),
        # The toolkit and the county services directory.
        page("toolkit", "/toolkit/"),
        page("toolkit, searched and filtered", "/toolkit/?q=council&council_kind=parish"),
        page("toolkit, page 3", "/toolkit/?page=3"),
        page("toolkit resource", f"/toolkit/{resource.slug if resource else 'none'}/"),
        page("how to become a signatory", f"/toolkit/{GUIDE}/"),
        page("county services", "/toolkit/county-services/"),
        page("county services, searched", "/toolkit/county-services/?q=highways"),
        page("principle page", f"/charter/principles/{principle}/"),
        # A council's meeting pack (the page; the Word document is a file: its target is time),
        # "What councils did" and the site search.
        page("meeting pack", f"/councils/{council.slug}/meeting-pack/"),
        page("meeting pack (Word)", f"/councils/{council.slug}/meeting-pack.docx", kind="csv"),
        page("what councils did", "/councils/what-councils-did/"),
        page(
            "what councils did, filtered",
            f"/councils/what-councils-did/?commitment={commitment}"
            f"&district={district_slug}&status=embedded",
        ),
        page("what councils did, searched", f"/councils/what-councils-did/?q={LIBRARY_SEARCH}"),
        page("what councils did, page 3", "/councils/what-councils-did/?page=3"),
        page("site search, a council", f"/search/?q={SEARCH}"),
        page("site search, a word", f"/search/?q={LIBRARY_SEARCH}"),
        page("bulk ZIP", "/data/charter-open-data.zip", kind="csv"),
    ]
