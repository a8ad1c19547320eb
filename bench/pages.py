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
        {"name": "ceiling (ping)", "path": "/ping/", "kind": "ceiling"},
        {"name": "home", "path": "/", "kind": "html"},
        {"name": "directory", "path": "/councils/", "kind": "html"},
        {
            "name": "directory, filtered",
            "path": f"/councils/?district={district_slug}&status=signed",
            "kind": "html",
        },
        {"name": "directory, searched", "path": f"/councils/?q={SEARCH}", "kind": "html"},
        {"name": "directory, page 50", "path": "/councils/?page=50", "kind": "html"},
        {"name": "council page", "path": f"/councils/{council.slug}/", "kind": "html"},
        {
            "name": "commitment page",
            "path": f"/charter/commitments/{commitment}/",
            "kind": "html",
        },
        {
            "name": "what changed",
            "path": f"/charter/versions/compare/?from={first_number}&to={current_number}",
            "kind": "html",
        },
        {"name": "progress overview", "path": "/councils/progress/", "kind": "html"},
        {"name": "action plan", "path": "/actions/", "kind": "html"},
        {"name": "partnerships", "path": "/partnerships/", "kind": "html"},
        {"name": "partnerships, filtered", "path": "/partnerships/?level=thematic", "kind": "html"},
        {
            "name": "partnership page",
            "path": f"/partnerships/{partnership.slug if partnership else 'none'}/",
            "kind": "html",
        },
        {"name": "meetings calendar", "path": "/partnerships/meetings/", "kind": "html"},
        {
            "name": "meeting page",
            "path": f"/partnerships/meetings/{meeting.pk if meeting else 0}/",
            "kind": "html",
        },
        {"name": "scrutiny programme", "path": "/partnerships/scrutiny/", "kind": "html"},
        {
            "name": "scrutiny review page",
            "path": f"/partnerships/scrutiny/{scrutiny.slug if scrutiny else 'none'}/",
            "kind": "html",
        },
        {
            "name": "directory CSV (all)",
            "path": "/councils/download/signatories.csv",
            "kind": "csv",
        },
        # Open data: the API (JSON, the same targets as the pages), the badge, the certificate,
        # the "Data and API" page and the bulk ZIP (a file: its target is time, as the CSV's).
        {"name": "API councils", "path": "/api/v1/councils/", "kind": "html"},
        {
            "name": "API councils, filtered",
            "path": f"/api/v1/councils/?district={district_slug}&status=signed",
            "kind": "html",
        },
        # Page 3 of 100: it exists at both sizes (page 50 would be a 404 in the small set).
        {"name": "API councils, page 3", "path": "/api/v1/councils/?page=3", "kind": "html"},
        {"name": "API council", "path": f"/api/v1/councils/{council.slug}/", "kind": "html"},
        {"name": "API signatures", "path": "/api/v1/signatures/", "kind": "html"},
        {"name": "API progress reports", "path": "/api/v1/progress-reports/", "kind": "html"},
        {"name": "API action items", "path": "/api/v1/action-items/", "kind": "html"},
        {"name": "API action updates", "path": "/api/v1/action-updates/", "kind": "html"},
        {"name": "API charter versions", "path": "/api/v1/charter-versions/", "kind": "html"},
        {"name": "council badge", "path": f"/councils/{council.slug}/badge.svg", "kind": "html"},
        {
            "name": "certificate",
            "path": f"/councils/{council.slug}/certificates/{signed_number}/",
            "kind": "html",
        },
        {"name": "data and API page", "path": "/data/", "kind": "html"},
        {"name": "consultations", "path": "/consultations/", "kind": "html"},
        {
            "name": "you said, we did",
            "path": f"/consultations/{consultation_slug}/",
            "kind": "html",
        },
        {
            "name": "the draft consulted on",
            "path": f"/consultations/{consultation_slug}/draft/",
            "kind": "html",
        },
        {
            "name": "consultation responses CSV",
            "path": f"/consultations/{consultation_slug}/responses.csv",
            "kind": "csv",
        },
        # The toolkit and the county services directory.
        {"name": "toolkit", "path": "/toolkit/", "kind": "html"},
        {
            "name": "toolkit, searched and filtered",
            "path": "/toolkit/?q=council&council_kind=parish",
            "kind": "html",
        },
        {"name": "toolkit, page 3", "path": "/toolkit/?page=3", "kind": "html"},
        {
            "name": "toolkit resource",
            "path": f"/toolkit/{resource.slug if resource else 'none'}/",
            "kind": "html",
        },
        {"name": "how to become a signatory", "path": f"/toolkit/{GUIDE}/", "kind": "html"},
        {"name": "county services", "path": "/toolkit/county-services/", "kind": "html"},
        {
            "name": "county services, searched",
            "path": "/toolkit/county-services/?q=highways",
            "kind": "html",
        },
        {
            "name": "principle page",
            "path": f"/charter/principles/{principle}/",
            "kind": "html",
        },
        # A council's meeting pack (the page; the Word document is a file: its target is time),
        # "What councils did" and the site search.
        {"name": "meeting pack", "path": f"/councils/{council.slug}/meeting-pack/", "kind": "html"},
        {
            "name": "meeting pack (Word)",
            "path": f"/councils/{council.slug}/meeting-pack.docx",
            "kind": "csv",
        },
        {"name": "what councils did", "path": "/councils/what-councils-did/", "kind": "html"},
        {
            "name": "what councils did, filtered",
            "path": f"/councils/what-councils-did/?commitment={commitment}"
            f"&district={district_slug}&status=embedded",
            "kind": "html",
        },
        {
            "name": "what councils did, searched",
            "path": f"/councils/what-councils-did/?q={LIBRARY_SEARCH}",
            "kind": "html",
        },
        {
            "name": "what councils did, page 3",
            "path": "/councils/what-councils-did/?page=3",
            "kind": "html",
        },
        {"name": "site search, a council", "path": f"/search/?q={SEARCH}", "kind": "html"},
        {"name": "site search, a word", "path": f"/search/?q={LIBRARY_SEARCH}", "kind": "html"},
        {"name": "bulk ZIP", "path": "/data/charter-open-data.zip", "kind": "csv"},
    ]
