"""The partnerships register in a browser: axe on every public page and every policy team page
(forms empty, in error, in conflict), and the review, risk and meeting forms without
JavaScript."""

import datetime

import pytest
from django.utils import timezone

from councils.models import ReportingPeriod
from partnerships.models import Meeting, PartnershipReview
from partnerships.reports import report_freeze
from partnerships.services import partnership_save, scrutiny_review_save
from tests.factories import (
    ActionItemFactory,
    CouncilFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    PartnershipFactory,
    PolicyOfficerFactory,
    RiskFactory,
)

from .helpers import (
    assert_conflict_passes_axe,
    assert_errors_pass_axe,
    assert_pages_pass_axe,
    fill_date,
    login,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(charter, live_server):
    county = CouncilFactory(name="Oxfordshire County Council", kind="county", district=None)
    cherwell = CouncilFactory(name="Cherwell District Council", kind="district")
    parent = PartnershipFactory(name="The Oxfordshire Partnership", level="strategic")
    safer = PartnershipFactory(
        name="Oxfordshire Safer Communities Partnership",
        is_statutory=True,
        lead_council=county,
        parent=parent,
        member_councils=[county, cherwell],
        member_organisations=[OrganisationFactory(name="Thames Valley Police", sector="police")],
        commitments=[charter.commitments.first()],
        review_due_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    item = ActionItemFactory(title="Joint community safety plan")
    RiskFactory(partnership=safer, title="Funding ends", likelihood=5, impact=4, is_public=True)
    RiskFactory(partnership=safer, title="Chair resigns", likelihood=2, impact=3)
    series = MeetingSeriesFactory(name="County and district chief executives", partnership=safer)
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = MeetingFactory(
        series=series, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    meeting.actions_arising.add(item)
    review = scrutiny_review_save(
        by=PolicyOfficerFactory(),
        title="Is community safety accountable?",
        programme_year=2026,
        scope="Governance and achievement.",
        partnerships=[safer],
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 1, 31),
    )
    return {
        "report": report_freeze(period=ReportingPeriod(2025, 1), today=datetime.date(2025, 10, 1)),
        "safer": safer,
        "cherwell": cherwell,
        "series": series,
        "meeting": meeting,
        "review": review,
    }


def test_public_pages_pass_axe(page, register):
    assert_pages_pass_axe(
        page,
        [
            "/",
            "/partnerships/",
            "/partnerships/?level=banana",  # an error next to the field
            "/partnerships/?q=Atlantis",  # nothing matches
            register["safer"].get_absolute_url(),
            register["cherwell"].get_absolute_url(),
            "/partnerships/meetings/",
            "/partnerships/meetings/?when=past",
            register["meeting"].get_absolute_url(),
            register["series"].get_absolute_url(),
            "/partnerships/scrutiny/",
            register["review"].get_absolute_url(),
            "/partnerships/reports/",
            register["report"].get_absolute_url(),
        ],
    )


def test_policy_pages_pass_axe_empty_in_error_and_in_conflict(page, live_server, register):
    officer = login(page, PolicyOfficerFactory(full_name="Priya Shah"), live_server)
    safer = register["safer"]
    assert_pages_pass_axe(
        page,
        [
            "/policy/",
            "/partnerships/manage/",
            "/partnerships/new/",
            "/partnerships/bodies/new/",
            f"/partnerships/{safer.slug}/",  # every risk, the matrix
            f"/partnerships/{safer.slug}/edit/",
            f"/partnerships/{safer.slug}/review/",
            f"/partnerships/{safer.slug}/history/",
            f"/partnerships/{safer.slug}/risks/new/",
            "/partnerships/meetings/new/",
            f"/partnerships/meetings/{register['meeting'].pk}/edit/",
            f"/partnerships/meetings/{register['meeting'].pk}/papers/new/",
            "/partnerships/scrutiny/new/",
            f"/partnerships/scrutiny/{register['review'].slug}/edit/",
            f"{register['report'].get_absolute_url()}notes/new/",
        ],
    )

    # Error states: an empty partnership form, a meeting that ends before it starts.
    page.goto("/partnerships/new/")
    assert_errors_pass_axe(page, "Add the partnership")

    # A conflict: someone else changed the purpose after the form was opened.
    page.goto(f"/partnerships/{safer.slug}/edit/")
    partnership_save(partnership=safer, version=safer.version, by=officer, purpose="Theirs")
    page.get_by_label("Purpose").fill("Mine")
    assert_conflict_passes_axe(page, "Save")


def test_review_and_meeting_without_javascript(page_no_js, live_server, register):
    page = page_no_js
    login(page, PolicyOfficerFactory(), live_server)
    safer = register["safer"]
    page.goto(f"/partnerships/{safer.slug}/review/")
    fill_date(page, "Date of the review", timezone.localdate().isoformat())
    for legend in ("Purpose", "Membership", "Governance"):
        page.get_by_role("group", name=legend).get_by_label("Confirmed without change").check()
    fill_date(page, "Next review due", "2030-01-01")
    page.get_by_role("button", name="Record the review").click()
    assert page.get_by_text("Review recorded").is_visible()
    assert PartnershipReview.objects.filter(partnership=safer).exists()

    page.goto("/partnerships/meetings/new/")
    page.get_by_label("Series").select_option(label=register["series"].name)
    fill_date(page, "Date", "2030-01-14")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_role("button", name="Add the meeting").click()
    assert (
        page.locator(".govuk-error-summary")
        .get_by_text("The meeting must end after it starts")
        .is_visible()
    )
    page.get_by_label("End time").fill("16:00")
    page.get_by_role("button", name="Add the meeting").click()
    assert Meeting.objects.count() == 2
