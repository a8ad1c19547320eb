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
    from partnerships.models import Meeting, Partnership, ScrutinyReview

    partnership = Partnership.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    scrutiny = ScrutinyReview.objects.order_by("pk").first()
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
    ]
