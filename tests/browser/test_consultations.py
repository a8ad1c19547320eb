"""Consultations in a browser: axe on the public pages ("You said, we did", the list, the
charter's link), the clerk's response (empty, in error, in conflict) and the policy team's
pages; a clerk responds without JavaScript."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from commitments.services import charter_version_draft
from consultations.models import Response
from consultations.services import consultation_open, response_save, theme_save
from tests.factories import CouncilFactory, CouncilRoleFactory, PolicyOfficerFactory

from .axe import assert_no_axe_violations
from .helpers import (
    assert_conflict_passes_axe,
    assert_errors_pass_axe,
    assert_pages_pass_axe,
    assert_reflows_at_320_pixels,
    login,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, answer: str) -> None:
    """Answer every question of the response form with ``answer`` (a GOV.UK radio's label)."""
    for label in page.locator("label.govuk-radios__label").filter(has_text=answer).all():
        label.click()


@pytest.fixture
def consultation(charter, live_server):
    call_command("load_consultations")  # the 2023-24 record on version 1
    today = timezone.localdate()
    consultation = consultation_open(
        version=charter_version_draft(source=charter),
        title="Consultation on draft version 2",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
        individuals_allowed=True,
    )
    theme_save(
        consultation=consultation,
        you_said="Plainer words.",
        we_did="",
        changed_sections=["aims"],
    )
    return consultation


def test_public_pages_pass_axe(page, consultation):
    assert_pages_pass_axe(
        page,
        [
            "/",
            "/charter/",
            "/charter/versions/1/",
            "/consultations/",
            "/consultations/draft-charter-2023-24/",
            consultation.get_absolute_url(),
            consultation.get_draft_url(),
        ],
    )


def test_you_said_we_did_and_the_draft_fit_a_phone(page, consultation):
    # The 2023-24 record's "How many agreed" table ("Not recorded" across three columns) and
    # the draft with its word-by-word changes: no sideways scrolling at 320 CSS pixels.
    assert_reflows_at_320_pixels(
        page,
        [
            "/consultations/draft-charter-2023-24/",
            consultation.get_absolute_url(),
            consultation.get_draft_url(),
        ],
    )


def test_a_clerk_responds_and_the_pages_pass_axe(page, live_server, consultation):
    council = CouncilFactory(name="Adderbury Parish Council")
    clerk = CouncilRoleFactory(council=council).user
    login(page, clerk, live_server)
    page.goto(f"/consultations/{consultation.slug}/respond/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Adderbury Parish Council").click()
    assert_no_axe_violations(page)

    assert_errors_pass_axe(page, "Send the response")  # nothing answered

    # Someone else (another clerk, another tab) saves first: 409, both versions shown.
    response_save(
        consultation=consultation,
        user=CouncilRoleFactory(council=council).user,
        council=council,
        answers={q.pk: ("no", "Theirs") for q in consultation.questions.all()},
        submit=False,
    )
    choose(page, "Yes")
    assert_conflict_passes_axe(page, "Save as a draft")


def test_policy_pages_pass_axe(page, live_server, consultation):
    login(page, PolicyOfficerFactory(), live_server)
    slug = consultation.slug
    theme = consultation.themes.get()
    assert_pages_pass_axe(
        page,
        [
            "/consultations/manage/",
            "/consultations/new/",
            f"/consultations/{slug}/edit/",
            f"/consultations/{slug}/questions/new/",
            f"/consultations/{slug}/questions/{consultation.questions.first().pk}/edit/",
            f"/consultations/{slug}/invite/",
            f"/consultations/{slug}/responses/",
            f"/consultations/{slug}/themes/new/",
            f"/consultations/{slug}/themes/{theme.pk}/edit/",
            f"/consultations/{slug}/",
            # The closed 2023-24 record: why its questions cannot change, and no invitations.
            "/consultations/draft-charter-2023-24/questions/new/",
            "/consultations/draft-charter-2023-24/invite/",
        ],
    )
    page.goto("/consultations/new/")
    assert_errors_pass_axe(page, "Open the consultation")


def test_a_clerk_responds_without_javascript(page_no_js, live_server, consultation):
    page = page_no_js
    council = CouncilFactory(name="Bloxham Parish Council")
    login(page, CouncilRoleFactory(council=council).user, live_server)
    page.goto(f"/consultations/{consultation.slug}/respond/{council.slug}/")
    choose(page, "Partly")
    page.get_by_role("button", name="Send the response").click()
    assert page.get_by_text("Your response has been sent").is_visible()
    assert Response.objects.get(council=council).status == Response.Status.SUBMITTED
