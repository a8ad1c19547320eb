"""The draft consulted on, readable by those consulted: its text and what changed from the
published version, linked from the consultation's page, the respond page and the themes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.services import charter_section_update, charter_version_publish
from consultations.services import theme_save

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def _reword(section, words: str):
    charter_section_update(
        section=section, title=section.title, statements=[*section.statements, words]
    )


def test_anyone_reads_the_draft_and_what_changed(consultation, draft, anon_client, clerk_client):
    principle = draft.principles.order_by("order").first()
    _reword(principle, "We will answer every letter within a week.")
    url = f"/consultations/{consultation.slug}/draft/"
    assert consultation.get_draft_url() == url
    for client in (anon_client, clerk_client):
        page = text(client.get(url))
        assert "Version 2 of the charter (draft)" in page
        assert draft.introduction[:40] in page
        assert principle.title in page
        assert 'id="what-changed"' in page
        assert "From version 1 to version 2: 0 sections added, 0 removed, 1 changed" in page
        assert "We will answer every letter within a week." in page
    # The draft's own page stays the policy team's: the public links go to the draft page.
    assert anon_client.get(draft.get_absolute_url()).status_code == 404
    detail = text(anon_client.get(consultation.get_absolute_url()))
    assert f'href="{url}"' in detail
    assert f'href="{draft.get_absolute_url()}"' not in detail


def test_the_respond_page_links_the_draft_before_the_questions(consultation, council, clerk_client):
    page = text(clerk_client.get(f"/consultations/{consultation.slug}/respond/{council.slug}/"))
    link = page.index(f'href="/consultations/{consultation.slug}/draft/"')
    assert link < page.index(consultation.questions.first().text)


def test_the_page_that_starts_a_response_links_the_draft_too(consultation, clerk_client):
    page = text(clerk_client.get(f"/consultations/{consultation.slug}/respond/"))
    assert f'href="/consultations/{consultation.slug}/draft/"' in page


def test_a_themes_link_goes_to_the_draft_page_then_to_the_published_version(
    consultation, draft, anon_client
):
    theme_save(
        consultation=consultation,
        you_said="Plainer words.",
        we_did="Reworded.",
        changed_sections=[f"principle:{draft.principles.first().key}"],
    )
    page = text(anon_client.get(consultation.get_absolute_url()))
    assert f'href="/consultations/{consultation.slug}/draft/#principles"' in page
    assert 'id="principles"' in text(anon_client.get(consultation.get_draft_url()))
    charter_version_publish(version=draft)
    page = text(anon_client.get(consultation.get_absolute_url()))
    assert 'href="/charter/versions/2/#principles"' in page
    assert "Version 2 of the charter</h1>" in text(anon_client.get(consultation.get_draft_url()))


def test_a_consultation_not_yet_open_has_no_public_draft_page(consultation, anon_client):
    consultation.opens_on = consultation.closes_on
    consultation.save()
    assert anon_client.get(consultation.get_draft_url()).status_code == 404


def test_the_draft_page_costs_the_same_queries_however_much_changed(
    consultation, draft, anon_client
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert anon_client.get(consultation.get_draft_url()).status_code == 200
        return len(captured)

    sections = [*draft.principles.all(), *draft.commitments.all()]
    _reword(sections[0], "One change.")
    few = queries()
    for section in sections[1:]:
        _reword(section, "Another change.")
    assert queries() == few
