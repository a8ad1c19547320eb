"""Day one in real conditions, in the browser with axe on every page: nobody waits untold, a
new charter version strands no council, clerks report when they can."""

import datetime

import pytest
from django.utils import timezone

from commitments.models import CharterVersion
from commitments.services import charter_version_draft, charter_version_update
from councils.models import Council, Invitation, ProgressReport, ReportingPeriod
from tests.factories import (
    CouncilCodeFactory,
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    PolicyOfficerFactory,
    ProgressReportFactory,
    UserFactory,
    signatory,
)

from ..helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_request_nobody_at_the_council_can_confirm(open_driver, live_server, charter):
    """The ask page promises no email to a council without an address, and says what happens
    next; the policy team sees the queue and the councils without an address."""
    CouncilFactory(
        name="Nowhere Parish Council", contact_email="", district=DistrictFactory(name="Cherwell")
    )
    driver = open_driver("mouse")
    login(driver.page, UserFactory(full_name="Ada Lovelace"), live_server)
    driver.goto("/councils/yours/").follow("Ask to act for a council")
    assert "If it does not, the policy team checks your request" in driver.main_text()
    driver.select("Council", "Nowhere Parish Council (Cherwell)")
    driver.choose("Clerk")
    driver.fill("How we can check", "Minute 12")
    driver.submit("Send request")
    text = driver.main_text()
    assert "The register has no contact address for Nowhere Parish Council" in text
    assert "usually decide within" in text and "We have emailed Nowhere" not in text

    officer = open_driver("mouse")
    login(officer.page, PolicyOfficerFactory(), live_server)
    officer.goto("/policy/")
    assert "1 request to act for a council" in officer.main_text()
    assert "1 council with no contact address" in officer.main_text()


def test_the_policy_team_adds_addresses_then_checks_who_can_be_invited(
    open_driver, live_server, charter, tmp_path
):
    nowhere = CouncilFactory(name="Nowhere Parish Council", contact_email="")
    CouncilCodeFactory(council=nowhere, code="E04009999")
    CouncilFactory(name="Elsewhere Parish Council", contact_email="")
    driver = open_driver("mouse")
    login(driver.page, PolicyOfficerFactory(), live_server)
    driver.goto("/policy/").follow("2 councils with no contact address")
    assert "E04009999" in driver.main_text()
    # A file with a problem: every problem listed, nothing saved.
    bad = tmp_path / "bad.csv"
    bad.write_text("gss_code,contact_email\nE04009999,not an address\n")
    driver.field("CSV file of contact addresses").set_input_files(str(bad))
    driver.submit("Upload")
    assert "line 2, contact_email" in driver.main_text()
    good = tmp_path / "good.csv"
    good.write_text("gss_code,contact_email\nE04009999,clerk@nowhere.example.org\n")
    driver.field("CSV file of contact addresses").set_input_files(str(good))
    driver.submit("Upload")
    assert "Saved 1 contact address" in driver.main_text()
    # Before sending: who can and who cannot be invited.
    driver.choose("Every council not yet invited")
    driver.submit("Check who will be emailed")
    text = driver.main_text()
    assert "Nowhere Parish Council (clerk@nowhere.example.org)" in text
    assert "1 cannot be emailed" in text and "Elsewhere Parish Council" in text
    assert not Invitation.objects.exists()
    driver.submit("Send 1 invitation")
    assert "1 invitation on their way" in driver.main_text()
    # Two days later (a council gets at most one email a day), a reminder pressed twice sends one.
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    driver.choose("A reminder to every council invited that has not signed")
    driver.submit("Check who will be emailed")
    driver.submit("Send 1 reminder")
    driver.choose("A reminder to every council invited that has not signed")
    driver.submit("Check who will be emailed")
    assert "will not be reminded again" in driver.main_text()
    assert Invitation.objects.filter(kind="reminder").count() == 1


def test_a_new_version_strands_no_council(open_driver, live_server, charter):
    """Version 2 is published: the clerks of version 1's signatories are asked to re-affirm,
    the policy team sees who has; a council whose meeting resolved before version 2 was
    published records it against version 1."""
    district = DistrictFactory(name="Cherwell")
    aston = signatory(CouncilFactory(name="Aston Parish Council", district=district), charter)
    CouncilRoleFactory(council=aston)
    late = CouncilFactory(name="Late Parish Council", district=district)
    clerk = CouncilRoleFactory(council=late).user
    officer = open_driver("mouse")
    login(officer.page, PolicyOfficerFactory(), live_server)
    draft = charter_version_draft(source=charter)
    charter_version_update(version=draft, data={"summary_of_changes": "Clearer commitment 3."})
    officer.goto(f"/policy/charter/{draft.number}/publish/")
    assert "1 council that signed an earlier version is emailed" in officer.main_text()
    officer.submit(f"Publish version {draft.number}")
    assert officer.heading() == "Re-affirmation of the charter"
    assert "0 of 1 council has re-affirmed version 2" in officer.main_text()
    officer.submit("Send a reminder to those who have not re-affirmed")
    officer.submit("Send a reminder to those who have not re-affirmed")
    assert "not reminded again" in officer.main_text()
    v2 = CharterVersion.objects.get(number=2)
    # The clerk of a council that resolved before version 2 was published.
    resolved = v2.published_on - datetime.timedelta(days=10)
    CharterVersion.objects.filter(pk=charter.pk).update(
        published_on=resolved - datetime.timedelta(days=30)
    )
    driver = open_driver("mouse")
    login(driver.page, clerk, live_server)
    driver.goto(f"/councils/yours/{late.slug}/sign/")
    driver.fill_date("Date of the council's resolution", resolved.isoformat())
    driver.fill("Minute reference", "Minute 45/26")
    driver.fill("Name of who authorised it", "Jo Bloggs")
    driver.fill("Their role", "Chair of the council")
    driver.submit("Continue")
    assert "The version in force on the date of the resolution" in driver.main_text()
    driver.submit(f"Sign the charter for {late.name}")
    late.refresh_from_db()
    assert late.signed_version.number == 1
    # The directory tells the two kinds of signatory apart.
    driver.goto("/councils/?signed_version=earlier")
    assert "Late Parish Council" in driver.main_text()
    assert Council.objects.signed().count() == 2


def test_a_clerk_reports_last_quarter_and_no_change(open_driver, live_server, charter):
    council = signatory(CouncilFactory(name="Adderbury Parish Council"), charter)
    clerk = CouncilRoleFactory(council=council).user
    now = ReportingPeriod.current()
    before = now.previous()
    ProgressReportFactory(
        council=council,
        commitment=charter.commitments.get(key="communication"),
        period_year=before.previous().year,
        period_quarter=before.previous().quarter,
        status="in-progress",
        what_we_did="A newsletter each month.",
    )
    driver = open_driver("mouse")
    login(driver.page, clerk, live_server)
    driver.goto(f"/councils/{council.slug}/progress/")
    text = driver.main_text()
    assert f"{now}: report by {now.report_by:%-d %B %Y}" in text
    assert f"{before}: report by {before.report_by:%-d %B %Y}" in text
    driver.follow(f"No change since {before.previous()} on Communication for {before}")
    assert "A newsletter each month." in driver.main_text()
    driver.submit(f"Save: no change since {before.previous()}")
    assert f"no change since {before.previous()}" in driver.main_text()
    copy = ProgressReport.objects.get(period_year=before.year, period_quarter=before.quarter)
    assert copy.what_we_did == "A newsletter each month." and not copy.late
    assert timezone.localdate() <= before.report_by
