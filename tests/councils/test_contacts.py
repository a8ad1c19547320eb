"""Councils without a contact address: the policy team sees them, adds addresses in bulk from a
CSV file (checked, all or nothing, errors by line), and sees who can and cannot be invited
before sending."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils.models import Council, Invitation
from councils.services.invitations import ContactImportError, council_contacts_import
from tests.factories import CouncilCodeFactory, CouncilFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/councils/policy/contacts/"
INVITATIONS = "/councils/policy/invitations/"


def upload(text):
    return {"file": SimpleUploadedFile("contacts.csv", text.encode(), content_type="text/csv")}


@pytest.fixture
def nowhere(db):
    council = CouncilFactory(name="Nowhere Parish Council", contact_email="")
    CouncilCodeFactory(council=council, code="E04009999")
    return council


def test_service_sets_addresses_by_gss_code_or_slug_and_keeps_them_from_imports(nowhere):
    other = CouncilFactory(name="Elsewhere Parish Council", contact_email="")
    result = council_contacts_import(
        text=(
            "gss_code,slug,contact_email\n"
            "e04009999,,clerk@nowhere.example.org\n"
            f",{other.slug},clerk@elsewhere.example.org\n"
        ),
        user=UserFactory(),
    )
    assert len(result.changed) == 2
    nowhere.refresh_from_db(), other.refresh_from_db()
    assert nowhere.contact_email == "clerk@nowhere.example.org"
    assert "contact_email" in nowhere.corrected_fields
    assert other.contact_email == "clerk@elsewhere.example.org"
    assert nowhere.history.first().history_change_reason.startswith("Contact address")


def test_service_is_all_or_nothing_with_errors_by_line(nowhere):
    with pytest.raises(ContactImportError) as error:
        council_contacts_import(
            text=(
                "gss_code,contact_email\n"
                "E04009999,clerk@nowhere.example.org\n"  # line 2: fine
                "E04000000,clerk@x.example.org\n"  # line 3: no such council
                "E04009999,not an address\n"  # line 4: bad address, and line 2's council
                ",\n"  # a blank line: skipped
                "E04009999,\n"  # line 6
            ),
            user=UserFactory(),
        )
    errors = "\n".join(error.value.errors)
    assert "line 3, gss_code: “E04000000” is not a current council" in errors
    assert "line 4, contact_email: “not an address” is not an email address" in errors
    assert "line 4: the same council as line 2" in errors
    assert "line 6, contact_email: give the council's contact address" in errors
    assert not [e for e in error.value.errors if e.startswith("line 2")]
    nowhere.refresh_from_db()
    assert nowhere.contact_email == ""


@pytest.mark.parametrize(
    "text, message",
    [
        ("name,email\nx,y\n", "line 1: missing column(s): gss_code or slug, contact_email"),
        ("gss_code,contact_email\n", "The file has no addresses in it."),
    ],
)
def test_service_bad_files(text, message):
    with pytest.raises(ContactImportError) as error:
        council_contacts_import(text=text, user=UserFactory())
    assert message in error.value.errors


def test_page_lists_councils_without_address_and_uploads(policy_client, nowhere):
    page = policy_client.get(URL)
    assert page.status_code == 200
    assert "Nowhere Parish Council" in page.text and "E04009999" in page.text
    response = policy_client.post(
        URL, upload("gss_code,contact_email\nE04009999,clerk@nowhere.example.org\n"), follow=True
    )
    assert response.redirect_chain[-1][0] == INVITATIONS
    assert "Saved 1 contact address" in response.text
    assert Council.objects.get(pk=nowhere.pk).contact_email == "clerk@nowhere.example.org"


def test_page_shows_every_error_next_to_the_file_and_saves_nothing(policy_client, nowhere):
    response = policy_client.post(URL, upload("gss_code,contact_email\nE04009999,nope\n"))
    assert response.status_code == 200
    assert "There is a problem" in response.text and 'href="#id_file"' in response.text
    assert "line 2, contact_email: “nope” is not an email address" in response.text
    assert "Nothing was saved" in response.text
    assert Council.objects.get(pk=nowhere.pk).contact_email == ""


def test_page_for_the_policy_team_only(anon_client, clerk_client, policy_client):
    assert anon_client.get(URL).status_code == 302
    assert clerk_client.get(URL).status_code == 403
    assert clerk_client.post(URL, upload("slug,contact_email\n")).status_code == 403


def test_dashboard_counts_councils_without_address(policy_client, nowhere):
    assert "1 council with no contact address" in policy_client.get("/policy/").text


def test_invitations_check_shows_who_can_and_cannot_be_invited_before_sending(
    policy_client, charter, nowhere
):
    CouncilFactory(name="Aston Parish Council", contact_email="clerk@aston.example.org")
    response = policy_client.post(INVITATIONS, {"who": "not-invited", "action": "check"})
    assert response.status_code == 200
    text = response.text
    assert "Check before sending" in text
    assert "1 council can be emailed an invitation" in text
    assert "Aston Parish Council (clerk@aston.example.org)" in text
    assert "1 cannot be emailed: the register has no contact address for it" in text
    assert "Nowhere Parish Council" in text
    assert "Send 1 invitation" in text
    assert not Invitation.objects.exists()  # nothing sent yet


def test_reminder_check_shows_who_was_reminded_too_recently(policy_client, charter):
    council = CouncilFactory(name="Aston Parish Council")
    InvitationFactory(council=council, version=charter)
    InvitationFactory(council=council, version=charter, kind="reminder")
    response = policy_client.post(INVITATIONS, {"who": "reminder", "action": "check"})
    assert "1 will not be reminded again: reminded in the last 7 days" in response.text
    assert "No council can be emailed with this choice." in response.text


def test_a_file_written_by_the_contacts_schema_uploads_back_unchanged(policy_client, nowhere):
    """Download then upload: the schema's CSV (with the spreadsheet guard on an address that
    looks like a formula) reads back as the same addresses, so nothing changes."""
    from councils.schemas import CONTACT
    from ui.downloads import csv_response
    from ui.records import DOWNLOAD

    CouncilCodeFactory(council=CouncilFactory(contact_email="clerk@adderbury.example"))
    CouncilFactory(name="Formula Parish Council", contact_email="=cmd@formula.example")
    councils = Council.objects.exclude(contact_email="").order_by("pk")
    response = csv_response(
        "contacts.csv", CONTACT.names(DOWNLOAD), CONTACT.csv_rows(map(CONTACT.record, councils))
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "'=cmd@formula.example" in text  # the guard is there

    result = council_contacts_import(text=text, user=UserFactory())
    assert sorted(c.pk for c in result.unchanged) == [c.pk for c in councils]
    assert result.changed == []
    response = policy_client.post(URL, upload(text), follow=True)
    assert "Saved 0 contact addresses; 2 were already as given" in response.text
