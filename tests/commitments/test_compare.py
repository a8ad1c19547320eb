"""The public "What changed" page: two published versions compared section by section, word by
word, readable without colour; bad input refused next to its field, drafts never shown."""

import pytest

from commitments.models import CharterVersion
from commitments.services import charter_section_update, charter_version_draft

pytestmark = pytest.mark.django_db

URL = "/charter/versions/compare/"


def _html(response) -> str:
    return response.content.decode()


def test_by_default_the_previous_version_is_compared_with_the_current(anon_client, two_versions):
    response = anon_client.get(URL)
    assert response.status_code == 200
    html = _html(response)
    assert (
        "From version 1 to version 2: 1 section added, 1 removed, 2 changed and 4 unchanged."
        in html
    )
    assert '<option value="1" selected>' in html and '<option value="2" selected>' in html


def test_added_removed_and_changed_sections_and_statements_are_said_in_words(
    anon_client, two_versions
):
    html = _html(anon_client.get(URL + "?from=1&to=2"))
    # Sections: a tag in words, not a colour alone.
    assert "Climate\n    <strong" in html and ">Added<span" in html
    assert "Relationship Building\n    <strong" in html and ">Removed<span" in html
    assert ">Changed<span" in html
    # Statements: a visible label, and <ins>/<del> (underlined and struck through).
    assert (
        '<span class="portal-diff__label">Added:</span> <ins class="portal-diff__ins">'
        "Act on climate together.</ins>"
    ) in html
    assert '<span class="portal-diff__label">Removed:</span> <del class="portal-diff__del">' in html
    assert "Unchanged: Local Democracy" in html or "Local Democracy" in html


def test_a_changed_statement_is_marked_word_by_word_with_hidden_text(anon_client, two_versions):
    html = _html(anon_client.get(URL + "?from=1&to=2"))
    assert (
        '<span class="portal-diff__label">Changed:</span> Communicate with respect'
        '<ins class="portal-diff__ins"><span class="govuk-visually-hidden">added: </span>'
        ", civility</ins> and "
        '<del class="portal-diff__del"><span class="govuk-visually-hidden">removed: </span>'
        "civility</del>"
        '<ins class="portal-diff__ins"><span class="govuk-visually-hidden">added: </span>'
        "patience</ins>.</li>"
    ) in html


def test_the_key_says_how_changes_are_shown_without_colour(anon_client, two_versions):
    html = _html(anon_client.get(URL))
    assert "words added are underlined" in html and "words removed are struck through" in html


def test_the_same_version_twice_says_so(anon_client, two_versions):
    response = anon_client.get(URL + "?from=2&to=2")
    assert response.status_code == 200
    assert "You chose version 2 twice" in _html(response)
    assert "portal-diff__statements" not in _html(response)


def test_with_only_one_version_the_page_says_it_is_the_only_one(anon_client, charter):
    html = _html(anon_client.get(URL))
    assert "You chose version 1 twice: it is the only version published so far." in html


def test_a_superscript_digit_is_not_a_version_number(anon_client, two_versions):
    # str.isdigit() accepts "²", int() refuses it: a page, never a 500.
    for query in ("?to=²", "?from=²&to=2", "?from=1&to=¹"):
        assert anon_client.get(URL + query).status_code in (200, 400)


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("?from=banana&to=2", "from", "there is no version “banana”"),
        ("?from=1&to=2.5", "to", "there is no version “2.5”"),
        ("?from=1&to=99", "to", "there is no version “99”"),
        ("?from=-1&to=1", "from", "Choose a published version of the charter from the list"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(anon_client, two_versions, query, field, message):
    response = anon_client.get(URL + query)
    assert response.status_code == 400
    html = _html(response)
    assert message in html
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert f'id="id_{field}-error"' in html or f"id_{field}_error" in html
    assert "<title>Error: " in html


def test_a_draft_is_never_shown(anon_client, policy_client, charter):
    draft = charter_version_draft(source=charter)
    section = draft.commitments.get(key="communication")
    charter_section_update(section=section, title="Secret draft title", statements=["Draft."])
    response = anon_client.get(URL + f"?from=1&to={draft.number}")
    assert response.status_code == 400
    html = _html(response)
    assert "Secret draft title" not in html and "Draft." not in html
    assert f"there is no version “{draft.number}”" in html
    assert f'<option value="{draft.number}"' not in html


def test_no_version_published_yet(anon_client, db):
    CharterVersion.objects.create(number=1)  # a draft only
    response = anon_client.get(URL)
    assert response.status_code == 200
    assert "No version of the charter has been published yet." in _html(response)


def test_the_charter_and_version_pages_link_to_what_changed(anon_client, two_versions):
    link = 'href="/charter/versions/compare/?to=2"'
    assert link in _html(anon_client.get("/charter/"))
    assert link in _html(anon_client.get("/charter/versions/2/"))
    assert 'href="/charter/versions/compare/?to=1"' not in _html(
        anon_client.get("/charter/versions/1/")
    )  # nothing before version 1
    assert 'href="/charter/versions/compare/"' in _html(anon_client.get("/charter/versions/"))


def test_the_page_is_cached_by_its_two_versions_only():
    from commitments.views import VersionCompareView
    from ui import cache as page_cache

    page = page_cache.public_page_of(VersionCompareView.as_view())
    assert page.reads == frozenset({"from", "to"})
    assert page.groups == frozenset({"charter"})


def test_a_control_character_is_refused_site_wide_with_its_reason(anon_client, two_versions):
    # Refused by charter_portal.middleware.RequestLimitsMiddleware before any view reads it
    # (a NUL would be a 500 from PostgreSQL); its page says why rather than naming a field.
    from charter_portal.middleware import CONTROL_CHARACTER_REASON

    response = anon_client.get(URL + "?from=%00")
    assert response.status_code == 400
    assert CONTROL_CHARACTER_REASON in response.content.decode()
