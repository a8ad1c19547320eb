"""The conflict state of the edit forms that two people can work on at once (ui.conflicts): the
page tells who saved, shows what changed, keeps what was typed, and passes axe."""

import pytest

from commitments.services import charter_section_update, charter_version_draft
from councils.models import Council, ProgressReport, ReportingPeriod
from councils.services.clerks import council_role_approve
from councils.services.progress import progress_report_save
from councils.services.register import council_correct
from tests.factories import (
    CouncilFactory,
    CouncilRoleFactory,
    PolicyOfficerFactory,
    signatory,
)

from .axe import assert_no_axe_violations
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _conflict_shown(page, who_saved: str, *texts):
    assert who_saved in page.locator(".govuk-error-summary").inner_text()
    conflict = page.locator("#conflict").inner_text()
    for text in texts:
        assert text in conflict
    assert_no_axe_violations(page)


def test_the_policy_teams_forms_in_their_conflict_state(page, live_server, charter):
    login(page, PolicyOfficerFactory(full_name="Priya Shah"), live_server)
    other = PolicyOfficerFactory(full_name="Tom Green")

    # A register correction.
    council = CouncilFactory(name="Adderbury Parish Council")
    page.goto(f"{live_server.url}/councils/{council.slug}/correct/")
    data = {"name": "Adderbury PC", "kind": council.kind, "district": council.district}
    council_correct(council=council, data=data, user=other)
    page.get_by_label("Name", exact=True).fill("Adderbury Parish Council (corrected)")
    page.get_by_role("button", name="Save the corrections").click()
    _conflict_shown(page, "Tom Green saved this council's details", "Adderbury PC")
    assert page.get_by_label("Name", exact=True).input_value().endswith("(corrected)")
    page.get_by_role("button", name="Save the corrections").click()
    assert Council.objects.get(pk=council.pk).name == "Adderbury Parish Council (corrected)"

    # A section of a charter draft.
    draft = charter_version_draft(source=charter)
    section = draft.commitments.get(key="communication")
    page.goto(f"{live_server.url}/policy/charter/{draft.number}/commitments/communication/")
    charter_section_update(section=section, title="Talking", statements=["Talk early."])
    page.get_by_label("Title").fill("Communicating")
    page.get_by_role("button", name="Save").click()
    _conflict_shown(page, "Someone else saved this section", "Talking", "Communicating")

    # A decision on a request to act for a council.
    role = CouncilRoleFactory(council=council, status="pending", decided_at=None)
    page.goto(f"{live_server.url}/councils/policy/clerks/{role.pk}/")
    council_role_approve(role=role, decided_by=other)
    page.get_by_role("radio", name="Reject").check()
    page.get_by_label("Reason").fill("The chair says no")
    page.get_by_role("button", name="Save decision").click()
    _conflict_shown(page, "Tom Green saved a decision on this request", "(not decided)")
    assert page.get_by_label("Reason").input_value() == "The chair says no"


def test_a_progress_report_in_its_conflict_state(page, live_server, charter):
    council = signatory(CouncilFactory(), charter)
    role = CouncilRoleFactory(council=council)
    other = CouncilRoleFactory(council=council, user__full_name="Kim Clerk").user
    login(page, role.user, live_server)
    page.goto(f"{live_server.url}/councils/{council.slug}/progress/communication/")
    progress_report_save(
        council=council,
        commitment=charter.commitments.get(key="communication"),
        period=ReportingPeriod.current(),
        status="planned",
        what_we_did="",
        evidence_links=[],
        not_applicable_reason="",
        user=other,
    )
    page.get_by_label("In progress").check()
    page.get_by_label("What the council did").fill("A newsletter.")
    page.get_by_role("button", name="Save the report").click()
    _conflict_shown(page, "Kim Clerk saved this report", "Planned", "In progress")
    assert page.get_by_label("What the council did").input_value() == "A newsletter."
    assert ProgressReport.objects.get().status == "planned"
