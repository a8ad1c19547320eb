"""Every page of the portal, public, a clerk's and the policy team's, beyond the journeys:
axe, reflow at 320 CSS pixels and 400% zoom, and error summaries that move focus to their
fields, through the same ``Driver.arrived`` checks the journeys use (pages already checked in
the same state by a journey are not checked twice). Then the things one page at a time shows:
focus visible on every element of the tab order, charts with their numbers in a table."""

import datetime

import pytest
from django.utils import timezone

from councils.models import CouncilRole
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    InvitationFactory,
    PolicyOfficerFactory,
    ProgressReportFactory,
    signatory,
)

from ..helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(charter, live_server):
    """A small portal: signatories with reports, a clerk with a council, a pending request, an
    invitation, actions with updates, and a policy officer."""
    cherwell = DistrictFactory(name="Cherwell")
    vale = DistrictFactory(name="Vale of White Horse")
    communication = charter.commitments.get(key="communication")
    adderbury = signatory(
        CouncilFactory(name="Adderbury Parish Council", district=cherwell), charter
    )
    banbury = signatory(
        CouncilFactory(name="Banbury Town Council", kind="town", district=cherwell), charter
    )
    signatory(CouncilFactory(name="Ardington Parish Council", district=vale), charter)
    bloxham = CouncilFactory(name="Bloxham Parish Council", district=cherwell)
    ProgressReportFactory(council=adderbury, commitment=communication, status="embedded")
    ProgressReportFactory(council=banbury, commitment=communication)
    clerk = CouncilRoleFactory(council=adderbury)
    CouncilRoleFactory(council=bloxham, user=clerk.user, status=CouncilRole.Status.PENDING)
    pending = CouncilRoleFactory(council=banbury, status=CouncilRole.Status.PENDING)
    officer = PolicyOfficerFactory()
    InvitationFactory(council=bloxham, version=charter, invited_by=officer)
    item = ActionItemFactory(
        title="Joint engagement calendar",
        commitments=[communication],
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    ActionUpdateFactory(item=item, status="at-risk")
    return {
        "clerk": clerk,
        "pending": pending,
        "officer": officer,
        "adderbury": adderbury,
        "item": item,
    }


PUBLIC = [
    "/",
    "/charter/",
    "/charter/versions/",
    "/charter/principles/mutual-respect/",
    "/charter/commitments/communication/",
    "/councils/",
    "/councils/?q=Atlantis",  # empty
    "/councils/?status=banana&district=zzz&page=999",  # errors
    "/councils/adderbury-parish-council/",
    "/councils/bloxham-parish-council/",
    "/councils/progress/",
    "/councils/progress/?period=nonsense",  # error
    "/actions/",
    "/actions/?status=complete",  # empty
    "/actions/?status=banana",  # error
    "/actions/A-1/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


def test_public_pages(open_driver, portal):
    driver = open_driver("mouse")
    for url in PUBLIC:
        driver.goto(url)
    driver.goto("/no-such-page/", status=404)
    # Forms in their error state.
    driver.goto("/accounts/login/").submit("Sign in")
    driver.goto("/accounts/password/reset/").submit("Reset my password")


def test_a_clerks_pages(open_driver, portal, live_server):
    driver = open_driver("mouse")
    clerk = portal["clerk"]
    login(driver.page, clerk.user, live_server)
    slug = clerk.council.slug
    request = CouncilRole.objects.get(user=clerk.user, status="pending")
    for url in [
        "/councils/yours/",
        f"/councils/yours/{slug}/clerks/",
        f"/councils/yours/{slug}/clerks/{clerk.pk}/remove/",
        f"/councils/yours/requests/{request.pk}/withdraw/",
        f"/councils/{slug}/progress/",
        f"/councils/{slug}/progress/resources/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/accounts/logout/",
    ]:
        driver.goto(url)
    # Forms in their error state.
    driver.goto("/councils/yours/ask/").submit("Send request")
    driver.goto(f"/councils/yours/{slug}/withdraw/").submit(f"Withdraw {clerk.council.name}")
    driver.goto(f"/councils/yours/{slug}/clerks/{clerk.pk}/remove/")
    driver.submit("Remove", exact=False)


def test_the_policy_teams_pages(open_driver, portal, live_server):
    driver = open_driver("mouse")
    login(driver.page, portal["officer"], live_server)
    pending = portal["pending"]
    for url in [
        "/policy/",
        "/policy/charter/",
        "/councils/policy/clerks/",
        "/councils/policy/clerks/confirmed/",
        f"/councils/policy/clerks/{pending.pk}/",
        f"/councils/policy/clerks/{portal['clerk'].pk}/remove/",
        "/councils/policy/invitations/",
        "/councils/policy/signatures/paper/",
        "/councils/policy/progress/",
        "/councils/policy/progress/upload/",
        "/councils/adderbury-parish-council/correct/",
        "/actions/manage/",
        "/actions/new/",
        "/actions/A-1/edit/",
        "/actions/A-1/updates/new/",
        "/actions/A-1/close/",
        "/actions/A-1/history/",
    ]:
        driver.goto(url)
    # Forms in their error state.
    driver.goto(f"/councils/policy/clerks/{portal['clerk'].pk}/remove/")
    driver.submit("Remove", exact=False)
    driver.goto("/councils/policy/signatures/paper/").submit("Record the signature")
    driver.goto("/councils/policy/progress/upload/").submit("Upload")
    driver.goto("/actions/new/").submit("Add the action")
    driver.goto("/actions/A-1/updates/new/").submit("Add the update")
    driver.goto("/actions/A-1/close/").submit("Close the action")
    driver.goto("/councils/adderbury-parish-council/correct/")
    driver.fill("Name", "").submit("Save the corrections")
    # A new version of the charter: the draft, a section, the publish page.
    driver.goto("/policy/charter/").submit("Draft a new version")
    driver.follow("Change Communication")
    driver.fill("Statements", "Communicate with respect, civility and patience.\nA new one.")
    driver.submit("Save")
    driver.goto("/policy/charter/2/publish/")  # with what changed from version 1


def test_setting_up_a_second_factor(open_driver, live_server, charter):
    """A new member of the policy team: the password again, then the authenticator app's QR
    code (with its key as text)."""
    driver = open_driver("mouse")
    login(driver.page, PolicyOfficerFactory(policy_team=False), live_server)
    driver.goto("/accounts/2fa/totp/activate/")
    driver.fill("Password", "correct horse battery staple").submit("Confirm")
    assert driver.page.url.endswith("/accounts/2fa/totp/activate/")
    driver.submit("Activate")  # no code: the error


FOCUS_WALK = [
    "/",
    "/councils/?district=cherwell",
    "/councils/adderbury-parish-council/",
    "/councils/progress/",
    "/actions/",
    "/charter/commitments/communication/",
    "/accounts/login/",
]


def test_focus_is_visible_on_everything_in_the_tab_order(open_driver, portal):
    driver = open_driver("keyboard")
    for url in FOCUS_WALK:
        driver.goto(url)
        stops = driver.walk_tab_order()
        assert stops > 5, f"only {stops} stops on {url}"


def test_every_chart_has_its_numbers_in_a_table(open_driver, portal):
    driver = open_driver("mouse")
    for url in [
        "/councils/progress/",
        "/charter/commitments/communication/",
        "/councils/adderbury-parish-council/",
    ]:
        driver.goto(url)
        bars = driver.page.evaluate(
            """() => [...document.querySelectorAll(".portal-bar")].map(bar => {
              const cell = bar.closest("td");
              const percent = [...bar.classList].find(c => /--\\d+$/.test(c)).split("--")[1];
              return {
                inTable: !!cell,
                hidden: !!bar.closest("[aria-hidden=true]"),
                number: cell ? cell.innerText.includes(percent + "%") : false,
              };
            })"""
        )
        assert all(b["inTable"] and b["hidden"] and b["number"] for b in bars), (url, bars)
    driver.goto("/councils/progress/")
    table = driver.page.get_by_role("table", name="Signatories in progress or embedded")
    assert "Cherwell" in table.inner_text() and "100% (2 of 2)" in table.inner_text()
