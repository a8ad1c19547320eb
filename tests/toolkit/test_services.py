"""Writing the toolkit: resources (Markdown stored as safe HTML, attachments checked, history,
conflicts) and the county services directory."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CountyServiceFactory, ResourceFactory
from tests.ui.test_markdown import assert_inert
from toolkit.models import SIGNATORY_GUIDE_SLUG, Resource
from toolkit.services import (
    county_service_save,
    county_service_values,
    resource_save,
    resource_values,
    signatory_guide_ensure,
)
from ui.conflicts import EditConflict

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _values(**over):
    return {
        "title": "Agenda template",
        "kind": "template",
        "summary": "An agenda for a full council meeting.",
        "body": "# Use\n\nCopy it.",
        "url": "",
        "principles": [],
        "commitments": [],
        "council_kinds": ["parish", "town"],
        "status": "draft",
        **over,
    }


def test_save_renders_markdown_once_and_records_history(officer, charter):
    commitment = charter.commitments.first()
    resource = resource_save(by=officer, values=_values(commitments=[commitment]))
    assert resource.slug == "agenda-template"
    assert resource.body_html.startswith('<h2 class="govuk-heading-l">Use</h2>')
    assert resource.published_at is None
    assert list(resource.commitments.all()) == [commitment]
    assert resource.council_kinds == ["parish", "town"]
    resource = resource_save(
        by=officer, instance=resource, values=_values(status="published", body="Changed")
    )
    assert resource.body_html.strip() == '<p class="govuk-body">Changed</p>'
    assert resource.published_at is not None
    history = list(resource.history.order_by("history_id"))
    assert [h.status for h in history] == ["draft", "published"]
    assert history[-1].history_user == officer


def test_hostile_body_is_stored_sanitised(officer):
    resource = resource_save(
        by=officer,
        values=_values(
            body='<script>alert(1)</script> [x](javascript:alert(1)) <a href="javascript:x">y</a>'
        ),
    )
    assert_inert(resource.body_html)
    assert "&lt;script&gt;" in resource.body_html  # shown as text, never run


def test_a_link_needs_its_address(officer):
    with pytest.raises(ValidationError) as error:
        resource_save(by=officer, values=_values(kind="link", url=""))
    assert "url" in error.value.message_dict
    assert not Resource.objects.exists()


def test_attachment_is_checked_by_its_content(officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    svg = SimpleUploadedFile("notes.pdf", b"<svg onload=alert(1)></svg>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        resource_save(by=officer, values=_values(), attachment=svg)
    assert "attachment" in error.value.message_dict
    assert not Resource.objects.exists()
    pdf = SimpleUploadedFile("Standing orders.pdf", PDF, "application/pdf")
    resource = resource_save(by=officer, values=_values(), attachment=pdf)
    assert resource.attachment_name == "Standing orders.pdf"
    assert resource.attachment_size == len(PDF)
    assert resource.attachment.read() == PDF


def test_a_later_edit_over_another_officers_change_is_refused(officer, charter):
    resource = ResourceFactory(title="Checklist", summary="First")
    seen = resource_values(resource)
    resource_save(
        by=officer,
        instance=resource,
        values=_values(title="Checklist", summary="Theirs"),
        seen=seen,
    )
    with pytest.raises(EditConflict) as error:
        resource_save(
            by=officer,
            instance=resource,
            values=_values(title="Checklist", summary="Mine"),
            seen=seen,
        )
    assert [c.field for c in error.value.conflict.changes] == ["summary"]
    resource.refresh_from_db()
    assert resource.summary == "Theirs"


def test_serving_finds_resources_by_key_across_versions(charter):
    commitment, principle = charter.commitments.first(), charter.principles.first()
    tagged = ResourceFactory(title="Tagged", commitments=[commitment], principles=[principle])
    ResourceFactory(title="Draft", commitments=[commitment], status="draft")
    ResourceFactory(title="Other")
    assert list(Resource.objects.serving(commitment_key=commitment.key)) == [tagged]
    assert list(Resource.objects.serving(principle_key=principle.key)) == [tagged]


def test_suiting_a_kind_of_council():
    parish = ResourceFactory(title="Parish", council_kinds=["parish"])
    meeting = ResourceFactory(title="Meeting", council_kinds=["parish-meeting"])
    every = ResourceFactory(title="Every", council_kinds=[])
    assert set(Resource.objects.suiting("parish")) == {parish, every}
    assert set(Resource.objects.suiting("parish-meeting")) == {meeting, every}


def test_county_service_needs_a_way_to_reach_it(officer):
    with pytest.raises(ValidationError) as error:
        county_service_save(
            by=officer, values={"name": "Highways", "what_it_does": "Roads", "phone": ""}
        )
    assert "phone" in error.value.message_dict
    service = CountyServiceFactory(name="Highways")
    seen = county_service_values(service)
    county_service_save(by=officer, instance=service, values={"phone": "01865 000000"}, seen=seen)
    with pytest.raises(EditConflict):
        county_service_save(
            by=officer, instance=service, values={"phone": "01865 111111"}, seen=seen
        )
    assert service.history.count() == 2


def test_bootstrap_seeds_the_guide_once_and_keeps_edits(officer, charter):
    guide, made = signatory_guide_ensure()
    assert made and guide.slug == SIGNATORY_GUIDE_SLUG and guide.is_published
    assert "How to record it here" in guide.body and "<h2" in guide.body_html
    resource_save(by=officer, instance=guide, values={"summary": "Edited by the policy team"})
    again, made = signatory_guide_ensure()
    assert not made and again.summary == "Edited by the policy team"
    assert Resource.objects.filter(slug=SIGNATORY_GUIDE_SLUG).count() == 1


def test_the_site_search_finds_published_resources_and_county_services(anon_client):
    agenda = ResourceFactory(title="Agenda template", summary="For full council meetings")
    ResourceFactory(title="Agenda draft", status="draft")
    ResourceFactory(title="Grants", summary="Money", body="An agenda for the village hall")
    highways = CountyServiceFactory(name="Highways", what_it_does="Potholes and verges")
    page = anon_client.get("/search/", {"q": "agenda"}).content.decode()
    assert agenda.get_absolute_url() in page
    assert "Agenda draft" not in page
    assert "Grants" not in page  # found by title and summary, not the whole text
    page = anon_client.get("/search/", {"q": "POTHOLES"}).content.decode()
    assert "Highways" in page and highways.get_absolute_url() in page
