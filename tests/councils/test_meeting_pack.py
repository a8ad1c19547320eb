"""A council's meeting pack: the agenda item, a model resolution naming the council and the
current version, the charter and a signatory's progress; printable, and a Word document; and
a link to the signing form with the version filled in."""

import io

import pytest
from docx import Document

from tests.factories import CouncilFactory, ProgressReportFactory, signatory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(charter, council):
    """``council`` has signed the charter and reported a notice board on Communication."""
    signatory(council, charter)
    return ProgressReportFactory(
        council=council,
        commitment=charter.commitments.get(key="communication"),
        what_we_did="A notice board in the village hall.",
    )


def test_the_pack_names_the_council_and_the_current_version(anon_client, charter, council):
    response = anon_client.get(f"/councils/{council.slug}/meeting-pack/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Agenda item" in html and "Model resolution" in html
    assert (
        f"That Adderbury Parish Council signs version {charter.number} of the Oxfordshire "
        "Councils Charter" in html
    )
    assert "authorises the chair of the council to sign it" in html
    for commitment in charter.commitments.all():
        assert commitment.title in html  # the charter's text
    assert f"/councils/yours/{council.slug}/sign/?version={charter.number}" in html
    assert "progress so far" not in html  # not a signatory


def test_the_council_page_links_to_its_pack(anon_client, charter, council):
    html = anon_client.get(f"/councils/{council.slug}/").content.decode()
    assert f'href="/councils/{council.slug}/meeting-pack/"' in html


def test_a_parish_meeting_is_signed_by_the_chair_of_the_meeting(anon_client, charter):
    meeting = CouncilFactory(name="Shipton Parish Meeting", kind="parish-meeting")
    html = anon_client.get(f"/councils/{meeting.slug}/meeting-pack/").content.decode()
    assert "authorises the chair of the parish meeting" in html


def test_a_signatory_sees_its_progress_so_far(anon_client, charter, council, reported):
    html = anon_client.get(f"/councils/{council.slug}/meeting-pack/").content.decode()
    assert "Adderbury Parish Council's progress so far" in html
    assert "A notice board in the village hall." in html
    assert "https://example.org/newsletter" in html


def test_the_pack_downloads_as_a_word_document(anon_client, charter, council, reported):
    response = anon_client.get(f"/councils/{council.slug}/meeting-pack.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert f'filename="meeting-pack-{council.slug}.docx"' in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Meeting pack: Adderbury Parish Council" in text
    assert f"version {charter.number} of the Oxfordshire Councils Charter" in text
    assert charter.commitments.first().title in text
    assert "A notice board in the village hall." in text


def test_a_council_that_signed_the_current_version_is_not_asked_to_sign_again(
    anon_client, charter, council, reported
):
    html = anon_client.get(f"/councils/{council.slug}/meeting-pack/").content.decode()
    assert (
        f"Adderbury Parish Council has signed version {charter.number} of the Oxfordshire "
        "Councils Charter, the current version: there is nothing to sign or re-affirm" in html
    )
    assert f"to sign version {charter.number}" not in html
    assert "Model resolution" not in html and "/sign/?version=" not in html
    assert "Adderbury Parish Council's progress so far" in html
    text = "\n".join(p.text for p in _docx(anon_client, council).paragraphs)
    assert "nothing to sign or re-affirm" in text and "Model resolution" not in text


def test_a_council_that_signed_an_earlier_version_is_asked_to_reaffirm(
    anon_client, charter, council
):
    from commitments.services import charter_version_draft, charter_version_publish

    signatory(council, charter)
    current = charter_version_publish(version=charter_version_draft(source=charter))
    html = anon_client.get(f"/councils/{council.slug}/meeting-pack/").content.decode()
    assert f"to re-affirm version {current.number}" in html
    assert f"Adderbury Parish Council signed version {charter.number}" in html
    assert f"re-affirms its commitment to version {current.number}" in html
    assert f"/sign/?version={current.number}" in html


def test_the_word_document_does_not_skip_a_heading_level(anon_client, charter, council, reported):
    levels = [
        int(p.style.name.removeprefix("Heading "))
        for p in _docx(anon_client, council).paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def _docx(client, council):
    return Document(io.BytesIO(client.get(f"/councils/{council.slug}/meeting-pack.docx").content))


def test_no_published_version_says_so(anon_client, council):
    response = anon_client.get(f"/councils/{council.slug}/meeting-pack/")
    assert response.status_code == 200
    assert "No version of the charter is published yet" in response.content.decode()
    assert anon_client.get(f"/councils/{council.slug}/meeting-pack.docx").status_code == 200


def test_an_ended_council_has_no_pack(anon_client, charter):
    import datetime

    ended = CouncilFactory(ended_on=datetime.date(2025, 3, 31))
    assert anon_client.get(f"/councils/{ended.slug}/meeting-pack/").status_code == 404
    assert anon_client.get(f"/councils/{ended.slug}/meeting-pack.docx").status_code == 404


# --- The signing form, with the version from the pack ---


def test_the_signing_form_takes_the_version_from_the_pack(clerk_client, charter, council):
    response = clerk_client.get(f"/councils/yours/{council.slug}/sign/?version={charter.number}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Version {charter.number} is filled in from the meeting pack" in html
    assert response.context["form"].initial == {"authorised_by_role": "Chair of the council"}


def test_after_the_meeting_the_clerk_enters_the_date_and_minute(clerk_client, charter, council):
    url = f"/councils/yours/{council.slug}/sign/?version={charter.number}"
    response = clerk_client.post(
        url,
        {
            "resolution_date": charter.published_on.isoformat(),
            "minute_reference": "Minute 12/26",
            "authorised_by_name": "Pat Chair",
            "authorised_by_role": "Chair of the council",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == f"/councils/yours/{council.slug}/sign/check/"


def test_a_pack_of_an_older_version_warns(clerk_client, charter, council):
    html = clerk_client.get(
        f"/councils/yours/{council.slug}/sign/?version={charter.number + 5}"
    ).content.decode()
    assert f"The link you followed was for version {charter.number + 5}" in html


def test_a_nonsense_version_is_ignored(clerk_client, charter, council):
    response = clerk_client.get(f"/councils/yours/{council.slug}/sign/?version=banana")
    assert response.status_code == 200
    assert response.context["form"].initial == {}
