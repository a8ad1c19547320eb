"""The action plan in a browser: the policy team keeps it, the public follows it; axe on every
page, forms in their error and conflict states, lists empty and full, and no JavaScript."""

import datetime

import pytest
from django.utils import timezone

from actions.models import ActionItem
from actions.services import action_item_update
from tests.factories import ActionItemFactory, CouncilFactory, PolicyOfficerFactory

from .axe import assert_no_axe_violations
from .helpers import assert_errors_pass_axe, fill_date, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


def edit_values(item: ActionItem, **changes) -> dict:
    values = {
        name: getattr(item, name)
        for name in (
            "title",
            "description",
            "lead_council",
            "lead_partner",
            "lead_officer_role",
            "start_date",
            "due_date",
            "is_public",
        )
    }
    values |= {"commitments": list(item.commitments.all()), "aims": list(item.aims.all())}
    return values | changes


def test_policy_officer_keeps_the_plan(page, live_server, charter):
    login(page, PolicyOfficerFactory(full_name="Priya Shah"), live_server)

    page.goto("/actions/manage/")
    assert page.get_by_text("There are no actions on the plan yet").is_visible()
    assert_no_axe_violations(page)

    # Create: first with mistakes (the error state), then put right.
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("Title", exact=True).fill("Publish a joint engagement calendar")
    fill_date(page, "Due date", "2026-01-01")
    fill_date(page, "Start date", "2026-04-01")
    page.get_by_role("button", name="Add the action").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Choose a lead council or name a lead partner" in summary.inner_text()
    assert "The due date must be the same as or after the start date" in summary.inner_text()
    assert page.get_by_label("Title", exact=True).input_value() == (
        "Publish a joint engagement calendar"
    )
    assert_no_axe_violations(page)

    page.get_by_label("Lead partner").fill("Oxfordshire Association of Local Councils (OALC)")
    page.get_by_label("Lead officer's role").fill("Engagement lead")
    fill_date(page, "Due date", "2026-12-31")
    page.get_by_label("Communication", exact=True).check()
    page.get_by_label("Show this action on the public action plan").check()
    page.get_by_role("button", name="Add the action").click()
    assert page.get_by_text("Action A-1 added to the plan.").is_visible()

    # Reorder with the buttons.
    ActionItemFactory(title="Shared training offer")
    page.goto("/actions/manage/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Move A-2 up").click()
    assert page.get_by_text("A-2 moved up.").is_visible()
    assert list(ActionItem.objects.values_list("reference", flat=True)) == ["A-2", "A-1"]

    # Edit.
    page.goto("/actions/A-1/edit/")
    assert_no_axe_violations(page)
    page.get_by_label("Title", exact=True).fill("Publish one engagement calendar")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Action A-1 saved.").is_visible()

    # Edit while another officer saves: the conflict state.
    page.goto("/actions/A-1/edit/")
    item = ActionItem.objects.get(reference="A-1")
    other = PolicyOfficerFactory(full_name="Tom Green")
    action_item_update(
        item=item, version=item.version, by=other, **edit_values(item, title="Tom's title")
    )
    page.get_by_label("Title", exact=True).fill("Priya's title")
    page.get_by_role("button", name="Save").click()
    assert (
        "Tom Green saved this action after you opened it"
        in page.locator(".govuk-error-summary").inner_text()
    )
    conflict = page.locator("#conflict")
    assert "Tom's title" in conflict.inner_text()
    assert "Priya's title" in conflict.inner_text()
    assert page.get_by_label("Title", exact=True).input_value() == "Priya's title"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Action A-1 saved.").is_visible()
    assert ActionItem.objects.get(reference="A-1").title == "Priya's title"

    # A progress update with a status change, then the timeline.
    page.goto("/actions/A-1/updates/new/")
    assert_no_axe_violations(page)
    page.get_by_label("What has happened").fill("The first calendar is drafted.")
    page.get_by_label("Status").select_option("at-risk")
    page.get_by_role("button", name="Add the update").click()
    assert page.get_by_text("Update added; A-1 is now At risk.").is_visible()
    assert page.get_by_text("Status changed from Not started to").is_visible()
    assert_no_axe_violations(page)

    # History and closing.
    page.goto("/actions/A-1/history/")
    assert page.get_by_text("Priya's title").first.is_visible()
    assert_no_axe_violations(page)
    page.goto("/actions/A-1/close/")
    assert_errors_pass_axe(page, "Close the action")
    page.get_by_label("Complete").check()
    page.get_by_label("Closing note").fill("Calendar published.")
    page.get_by_role("button", name="Close the action").click()
    assert page.get_by_text("A-1 closed: Complete.").is_visible()

    page.goto("/policy/")
    assert page.get_by_role("link", name="Manage the action plan").is_visible()


@pytest.fixture
def public_plan(charter):
    past = TODAY - datetime.timedelta(days=10)
    ActionItemFactory(
        title="Joint engagement calendar",
        start_date=past - datetime.timedelta(days=100),
        due_date=past,
        commitments=[charter.commitments.get(key="communication")],
        status="on-track",
    )
    ActionItemFactory(
        title="Shared training offer",
        lead_council=CouncilFactory(name="Cherwell District Council", kind="district"),
        due_date=TODAY + datetime.timedelta(days=100),
        status="at-risk",
    )
    ActionItemFactory(title="Secret budget bid", is_public=False)


def test_public_plan_filters_empty_state_and_bad_values(page, public_plan):
    page.goto("/actions/")
    assert page.get_by_text("2 actions").is_visible()
    assert page.get_by_text("Secret budget bid").count() == 0
    assert_no_axe_violations(page)

    page.get_by_label("Status").select_option("at-risk")
    page.get_by_role("button", name="Apply filters").click()
    assert "status=at-risk" in page.url
    assert page.get_by_role("link", name="A-2: Shared training offer").is_visible()
    assert page.get_by_text("Joint engagement calendar").count() == 0
    assert_no_axe_violations(page)

    page.get_by_label("Status").select_option("complete")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_text("No actions match these filters").is_visible()
    assert_no_axe_violations(page)

    page.goto("/actions/?status=banana&overdue=maybe")
    assert "Choose a status from the list" in page.locator(".govuk-error-summary").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="A-1: Joint engagement calendar").click()
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert_no_axe_violations(page)

    page.goto("/charter/commitments/communication/")
    assert page.get_by_role("link", name="A-1: Joint engagement calendar").is_visible()
    assert_no_axe_violations(page)


def test_empty_public_plan(page, charter):
    page.goto("/actions/")
    assert page.get_by_text("There are no actions on the plan yet").is_visible()
    assert_no_axe_violations(page)


def test_plan_works_without_javascript(page_no_js, live_server, public_plan):
    page = page_no_js
    page.goto("/actions/")
    page.get_by_label("Only overdue actions").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "overdue=on" in page.url
    assert page.get_by_text("1 action matches the filters").is_visible()
    assert page.get_by_role("link", name="A-1: Joint engagement calendar").is_visible()

    # The policy team's reorder buttons are plain forms too.
    login(page, PolicyOfficerFactory(), live_server)
    page.goto("/actions/manage/")
    page.get_by_role("button", name="Move A-1 down").click()
    assert page.get_by_text("A-1 moved down.").is_visible()
    assert list(ActionItem.objects.values_list("reference", flat=True)) == ["A-2", "A-1", "A-3"]
