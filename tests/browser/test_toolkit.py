"""The toolkit in a browser: axe on every public page and every policy team page (forms empty,
in error, in conflict), the pages at 320 px, and writing a resource without JavaScript."""

import pytest

from tests.factories import CountyServiceFactory, PolicyOfficerFactory, ResourceFactory
from toolkit.models import Resource
from toolkit.services import resource_save, signatory_guide_ensure

from .helpers import (
    assert_conflict_passes_axe,
    assert_errors_pass_axe,
    assert_pages_pass_axe,
    assert_reflows_at_320_pixels,
    login,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def toolkit(charter, live_server):
    guide, _ = signatory_guide_ensure()
    commitment, principle = charter.commitments.first(), charter.principles.first()
    resource = ResourceFactory(
        title="Consultation checklist",
        kind="checklist",
        body=(
            "# Before\n\n- Agree the questions\n- Set a closing date\n\n"
            "|Step|Who|\n|-|-|\n|1|Clerk|"
        ),
        commitments=[commitment],
        principles=[principle],
        council_kinds=["parish", "parish-meeting"],
    )
    service = CountyServiceFactory(
        name="Highways and transport",
        what_it_does="Reports of potholes, verges and street lights from councils.",
        website="https://www.oxfordshire.gov.uk/residents/roads-and-transport",
    )
    return {
        "guide": guide,
        "resource": resource,
        "service": service,
        "commitment": commitment,
        "principle": principle,
    }


def _public_urls(toolkit):
    return [
        "/toolkit/",
        "/toolkit/?kind=banana",  # an error next to the field
        "/toolkit/?q=Atlantis",  # nothing matches
        toolkit["guide"].get_absolute_url(),
        toolkit["resource"].get_absolute_url(),
        "/toolkit/county-services/",
        "/toolkit/county-services/?q=Atlantis",
        toolkit["commitment"].get_absolute_url(),
        toolkit["principle"].get_absolute_url(),
    ]


def test_public_pages_pass_axe(page, toolkit):
    assert_pages_pass_axe(page, _public_urls(toolkit))


def test_public_pages_reflow_at_320_pixels(page, toolkit):
    assert_reflows_at_320_pixels(page, _public_urls(toolkit))


def test_policy_pages_pass_axe_empty_in_error_and_in_conflict(page, live_server, toolkit):
    officer = login(page, PolicyOfficerFactory(full_name="Priya Shah"), live_server)
    resource = toolkit["resource"]
    assert_pages_pass_axe(
        page,
        [
            "/toolkit/manage/",
            "/toolkit/new/",
            f"/toolkit/{resource.slug}/edit/",
            f"/toolkit/{resource.slug}/history/",
            "/toolkit/county-services/new/",
            f"/toolkit/county-services/{toolkit['service'].slug}/edit/",
        ],
    )

    page.goto("/toolkit/new/")
    assert_errors_pass_axe(page, "Save the resource")

    page.goto(f"/toolkit/{resource.slug}/edit/")
    resource_save(by=officer, instance=resource, values={"summary": "Theirs"})
    page.get_by_label("Summary").fill("Mine")
    assert_conflict_passes_axe(page, "Save the changes")


def test_write_a_resource_and_find_it_without_javascript(page_no_js, live_server, toolkit):
    page = page_no_js
    login(page, PolicyOfficerFactory(), live_server)
    page.goto("/toolkit/new/")
    page.get_by_label("Title").fill("Model standing orders")
    page.get_by_role("group", name="Kind of resource").get_by_label("Template").check()
    page.get_by_label("Summary").fill("Standing orders a parish council can adopt.")
    page.get_by_label("Text").fill("# How to use\n\nAdapt and adopt at a meeting.")
    page.get_by_role("group", name="Status").get_by_label("Published").check()
    page.get_by_role("button", name="Save the resource").click()
    assert page.get_by_role("heading", name="How to use").is_visible()
    assert Resource.objects.filter(title="Model standing orders", status="published").exists()
    page.goto("/toolkit/?q=standing+orders")
    assert page.get_by_role("link", name="Model standing orders").is_visible()
    page.goto("/toolkit/county-services/?q=potholes")
    assert page.get_by_role("heading", name="Highways and transport").is_visible()
