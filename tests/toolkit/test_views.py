"""The toolkit's pages: the public library, a resource and its attachment, the county services
directory, the signatory guide and where it is linked; the policy team's forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CountyServiceFactory, ResourceFactory
from toolkit.models import SIGNATORY_GUIDE_SLUG, CountyService, Resource
from toolkit.services import signatory_guide_ensure

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def test_list_shows_published_resources_only_and_searches(anon_client):
    ResourceFactory(title="Agenda template", kind="template", council_kinds=["parish"])
    ResourceFactory(title="Secret draft", status="draft")
    ResourceFactory(title="Meeting checklist", kind="checklist", council_kinds=["town"])
    page = anon_client.get(reverse("toolkit:list")).content.decode()
    assert "Agenda template" in page and "Meeting checklist" in page
    assert "Secret draft" not in page
    page = anon_client.get(reverse("toolkit:list"), {"q": "agenda"}).content.decode()
    assert "Agenda template" in page and "Meeting checklist" not in page
    page = anon_client.get(reverse("toolkit:list"), {"council_kind": "town"}).content.decode()
    assert "Meeting checklist" in page and "Agenda template" not in page


def test_bad_filter_value_is_a_message_not_a_500(anon_client):
    response = anon_client.get(reverse("toolkit:list"), {"kind": "<script>", "page": "x"})
    assert response.status_code == 200
    assert "Choose a kind of resource from the list" in response.content.decode()


def test_draft_is_a_404_for_the_public_and_shown_to_the_policy_team(anon_client, policy_client):
    draft = ResourceFactory(title="Draft guide", status="draft")
    assert anon_client.get(draft.get_absolute_url()).status_code == 404
    page = policy_client.get(draft.get_absolute_url()).content.decode()
    assert "This is a draft" in page


def test_resource_page_shows_stored_html_and_never_runs_script(anon_client):
    resource = ResourceFactory(
        body="## Steps\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    )
    page = anon_client.get(resource.get_absolute_url()).content.decode()
    assert '<h3 class="govuk-heading-m">Steps</h3>' in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page


def test_attachment_is_served_as_a_download(anon_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = ResourceFactory(
        attachment=SimpleUploadedFile("Resolution template.pdf", PDF, "application/pdf")
    )
    response = anon_client.get(reverse("toolkit:attachment", kwargs={"slug": resource.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    no_file = ResourceFactory()
    url = reverse("toolkit:attachment", kwargs={"slug": no_file.slug})
    assert anon_client.get(url).status_code == 404


def test_resources_appear_on_the_commitment_and_principle_pages(anon_client, charter):
    commitment, principle = charter.commitments.first(), charter.principles.first()
    ResourceFactory(title="Consultation checklist", commitments=[commitment])
    ResourceFactory(title="Respect guide", principles=[principle])
    ResourceFactory(title="Draft one", commitments=[commitment], status="draft")
    page = anon_client.get(commitment.get_absolute_url()).content.decode()
    assert "From the toolkit" in page and "Consultation checklist" in page
    assert "Draft one" not in page and "Respect guide" not in page
    page = anon_client.get(principle.get_absolute_url()).content.decode()
    assert "Respect guide" in page and "Consultation checklist" not in page


def test_signatory_guide_is_linked_from_home_charter_and_signing(anon_client, charter):
    signatory_guide_ensure()
    url = reverse("toolkit:signatory-guide")
    assert url == f"/toolkit/{SIGNATORY_GUIDE_SLUG}/"
    page = anon_client.get(url).content.decode()
    assert "How to become a signatory" in page and "A resolution you can adapt" in page
    assert f'href="{url}"' in anon_client.get(reverse("home")).content.decode()
    assert f'href="{url}"' in anon_client.get(reverse("commitments:charter")).content.decode()


def test_signatory_guide_linked_from_the_sign_page(clerk_client, council, charter):
    response = clerk_client.get(reverse("councils:sign", kwargs={"slug": council.slug}))
    assert response.status_code == 200
    assert f'href="{reverse("toolkit:signatory-guide")}"' in response.content.decode()


def test_county_services_search(anon_client):
    CountyServiceFactory(name="Highways", what_it_does="Potholes and verges")
    CountyServiceFactory(name="Libraries", team="Culture", what_it_does="Books")
    page = anon_client.get(reverse("toolkit:services"), {"q": "pothole"}).content.decode()
    assert "Highways" in page and "Libraries" not in page
    assert "1 service found" in page


def _resource_post(**over):
    return {
        "title": "Code of conduct guide",
        "kind": "guide",
        "summary": "What the code asks.",
        "body": "# Start\n\nRead it.",
        "url": "",
        "council_kinds": ["parish"],
        "status": "published",
        **over,
    }


def test_an_empty_directory_says_what_it_is_for_and_how_to_add_the_first(
    anon_client, policy_client
):
    public = anon_client.get("/toolkit/county-services/").content.decode()
    assert "There are no services in the directory yet. Once the policy team adds them" in public
    assert "To add the first" not in public
    policy = policy_client.get("/toolkit/county-services/").content.decode()
    assert "To add the first, choose" in policy and 'href="/toolkit/county-services/new/"' in policy


def test_policy_team_adds_and_edits_a_resource(policy_client, charter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    commitment = charter.commitments.first()
    data = _resource_post(
        commitments=[commitment.pk],
        attachment=SimpleUploadedFile("code.pdf", PDF, "application/pdf"),
    )
    response = policy_client.post(reverse("toolkit:create"), data)
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    assert resource.attachment_name == "code.pdf"
    edit = reverse("toolkit:edit", kwargs={"slug": resource.slug})
    form = policy_client.get(edit)
    seen = form.context["form"]["seen"].value()
    response = policy_client.post(edit, _resource_post(summary="Changed", seen=seen))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.summary == "Changed" and resource.attachment_name == "code.pdf"
    history = policy_client.get(reverse("toolkit:history", kwargs={"slug": resource.slug}))
    assert history.status_code == 200 and "Changed" in history.content.decode()


def test_hostile_upload_is_refused_next_to_the_field_and_text_kept(
    policy_client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    svg = SimpleUploadedFile(
        "picture.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'
    )
    response = policy_client.post(reverse("toolkit:create"), _resource_post(attachment=svg))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not the kind of file its name says" in page
    assert "Code of conduct guide" in page  # what was typed is kept
    assert not Resource.objects.exists()


def test_edit_form_shows_what_is_saved(policy_client, charter):
    commitment = charter.commitments.first()
    resource = ResourceFactory(
        kind="link", url="https://oalc.org.uk/", commitments=[commitment], council_kinds=["town"]
    )
    form = policy_client.get(reverse("toolkit:edit", kwargs={"slug": resource.slug}))
    bound = form.context["form"]
    assert bound["url"].value() == "https://oalc.org.uk/"
    assert bound["council_kinds"].value() == ["town"]
    assert [int(pk) for pk in bound["commitments"].value()] == [commitment.pk]


def test_edit_over_another_officers_change_is_a_409(policy_client):
    resource = ResourceFactory(title="Checklist", summary="First")
    edit = reverse("toolkit:edit", kwargs={"slug": resource.slug})
    seen = policy_client.get(edit).context["form"]["seen"].value()
    ok = policy_client.post(edit, _resource_post(title="Checklist", summary="Theirs", seen=seen))
    assert ok.status_code == 302
    clash = policy_client.post(edit, _resource_post(title="Checklist", summary="Mine", seen=seen))
    assert clash.status_code == 409
    assert "Mine" in clash.content.decode()


def test_policy_team_adds_a_county_service(policy_client):
    response = policy_client.post(
        reverse("toolkit:service-create"),
        {"name": "Highways", "what_it_does": "Roads", "website": "oxfordshire.gov.uk/roads"},
    )
    assert response.status_code == 302
    service = CountyService.objects.get()
    assert service.website == "https://oxfordshire.gov.uk/roads"
    response = policy_client.post(
        reverse("toolkit:service-create"), {"name": "Nothing", "what_it_does": "No way in"}
    )
    assert response.status_code == 200
    assert "Give at least one way to reach the service" in response.content.decode()


def test_only_the_policy_team_writes(clerk_client, anon_client):
    assert clerk_client.get(reverse("toolkit:create")).status_code == 403
    assert anon_client.get(reverse("toolkit:manage")).status_code == 302


def test_the_policy_dashboard_counts_the_toolkit(policy_client):
    ResourceFactory()
    ResourceFactory(status="draft")
    CountyServiceFactory()
    page = policy_client.get(reverse("policy-dashboard")).content.decode()
    assert "1 published resource, 1 draft; 1 county service." in page
    assert reverse("toolkit:manage") in page


def test_an_officers_data_export_names_the_attachments_they_saved(
    policy_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    officer = policy_client.get(reverse("home")).wsgi_request.user
    ResourceFactory(by=officer, attachment=SimpleUploadedFile("agenda.pdf", PDF))
    response = policy_client.get(reverse("accounts:your-data"))
    assert response.status_code == 200
    assert (
        b"agenda" in b"".join(response.streaming_content)
        if response.streaming
        else (b"agenda" in response.content)
    )
