"""A policy officer signs in with two factors, confirms a clerk, invites the councils of a
district and keeps the action plan: with the mouse, with the keyboard alone and with JavaScript
off."""

import pytest

from actions.models import ActionItem
from councils.models import CouncilRole, Invitation
from tests.factories import (
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    PolicyOfficerFactory,
    UserFactory,
    totp_code,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # UserFactory's


@pytest.fixture
def officer(charter):
    cherwell = DistrictFactory(name="Cherwell")
    CouncilFactory(name="Banbury Town Council", kind="town", district=cherwell)
    CouncilFactory(name="Bloxham Parish Council", district=cherwell)
    CouncilFactory(name="Ardington Parish Council", district=DistrictFactory(name="Vale"))
    CouncilRoleFactory(
        council=CouncilFactory(name="Adderbury Parish Council", district=cherwell),
        user=UserFactory(full_name="Ada Lovelace"),
        status=CouncilRole.Status.PENDING,
        decision_method="",
        decided_at=None,
    )
    return PolicyOfficerFactory(full_name="Priya Shah", email="priya@oxfordshire.example.org")


def test_a_policy_officer_confirms_invites_and_keeps_the_plan(driver, officer):
    # Two factors: the password, then the code from the authenticator app.
    driver.sign_in(officer.email, PASSWORD)
    driver.fill("Code from your authenticator app (or a recovery code)", "000000")
    driver.submit("Sign in")
    assert "There is a problem" in driver.main_text()
    driver.fill("Code from your authenticator app (or a recovery code)", totp_code())
    driver.submit("Sign in")
    driver.menu("Policy team")
    assert driver.heading() == "Policy team"

    # Confirm a clerk from the queue: no decision first (the error), then confirm.
    driver.follow("1 request to act for a council")
    driver.follow("Decide on Ada Lovelace for Adderbury Parish Council")
    driver.submit("Save decision")
    assert "There is a problem" in driver.main_text()
    driver.choose("Confirm: this person acts for the council")
    driver.submit("Save decision")
    assert "No requests are waiting" in driver.main_text()  # the empty queue
    assert CouncilRole.objects.get().status == CouncilRole.Status.CONFIRMED

    # Invite the councils of one district: the district forgotten first.
    driver.menu("Policy team")
    driver.follow("Invite councils to sign")
    assert "No invitations have been sent yet" in driver.main_text()
    driver.choose("Councils in one district that have not signed")
    driver.submit("Check who will be emailed")
    assert "Choose the district to invite." in driver.main_text()
    driver.select("District", "Cherwell")
    driver.submit("Check who will be emailed")  # who can and cannot be, before sending
    assert "3 councils can be emailed an invitation" in driver.main_text()
    driver.submit("Send 3 invitations")
    assert set(Invitation.objects.values_list("council__name", flat=True)) == {
        "Adderbury Parish Council",
        "Banbury Town Council",
        "Bloxham Parish Council",
    }

    # The action plan: empty, then an action (with mistakes first), edited, and an update.
    driver.menu("Policy team")
    driver.follow("Manage the action plan")
    assert "There are no actions on the plan yet" in driver.main_text()
    driver.follow("Add an action")
    driver.fill("Title", "Publish a joint engagement calendar")
    driver.fill_date("Start date", "2026-04-01")
    driver.fill_date("Due date", "2026-01-01")
    driver.submit("Add the action")
    assert "The due date must be the same as or after the start date" in driver.main_text()
    driver.fill("Lead partner", "Oxfordshire Association of Local Councils")
    driver.fill("Lead officer's role", "Engagement lead")
    driver.fill_date("Due date", "2026-12-31")
    driver.tick("Communication")
    driver.tick("Show this action on the public action plan")
    driver.submit("Add the action")
    assert "Action A-1 added to the plan." in driver.main_text()

    driver.follow("Edit A-1")
    driver.fill("Title", "Publish one engagement calendar")
    driver.submit("Save")
    assert "Action A-1 saved." in driver.main_text()
    driver.menu("Policy team")
    driver.follow("Manage the action plan")
    driver.follow("Add update to A-1")
    driver.fill("What has happened", "The first calendar is drafted.")
    driver.select("Status", "At risk")
    driver.submit("Add the update")
    assert "Update added; A-1 is now At risk." in driver.main_text()
    item = ActionItem.objects.get()
    assert (item.title, item.status) == ("Publish one engagement calendar", "at-risk")
