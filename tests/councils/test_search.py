"""The directory's search finds what people type: case, accents, apostrophes and other
punctuation are ignored (``councils.models.register.search_key``)."""

import pytest
from django.urls import reverse

from councils.models import Council
from councils.models.register import search_key
from councils.services.register import council_correct
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

ST_HELENS = "St Helen's Without Parish Council"


@pytest.fixture
def councils():
    return {
        name: CouncilFactory(name=name)
        for name in (
            ST_HELENS,
            "St Helen Without Parish Meeting",
            "Brize Norton Parish Council",
            "Hélène-sur-Thames Town Council",
            "Stanton St. John Parish Council",
        )
    }


@pytest.mark.parametrize(
    "typed", ["St. Helen", "st helens", "Helen’s", "St Helens", "ST. HELEN’S", "helen's without"]
)
def test_what_people_type_finds_st_helens(councils, typed):
    found = set(Council.objects.search(typed).values_list("name", flat=True))
    assert ST_HELENS in found
    assert "Brize Norton Parish Council" not in found


@pytest.mark.parametrize(
    "typed, name",
    [
        ("helene sur thames", "Hélène-sur-Thames Town Council"),
        ("Hélène", "Hélène-sur-Thames Town Council"),
        ("HELENE", "Hélène-sur-Thames Town Council"),
        ("stanton st john", "Stanton St. John Parish Council"),
        ("brize-norton", "Brize Norton Parish Council"),
    ],
)
def test_accents_and_punctuation_are_ignored(councils, typed, name):
    assert list(Council.objects.search(typed).values_list("name", flat=True)) == [name]


def test_a_name_is_searchable_as_soon_as_it_is_corrected(councils):
    council = councils["Brize Norton Parish Council"]
    council_correct(council=council, data={"name": "Brize Nortón Parish Council"}, user=None)
    assert Council.objects.search("brize norton").get() == council
    assert not Council.objects.search("Brize Norton Parish Council Oxon").exists()


def test_the_directory_and_the_clerks_council_search(councils, anon_client, user_client):
    response = anon_client.get(reverse("councils:directory"), {"q": "St. Helens"})
    shown = "St Helen&#x27;s Without Parish Council"
    assert shown in response.text and "Brize Norton" not in response.text
    response = user_client.get(reverse("councils:role-request"), {"q": "helen’s"})
    assert shown in response.text and "Brize Norton" not in response.text


def test_search_key():
    assert search_key("  St. Helen’s  Without ") == "st helens without"
    assert search_key("Hélène’s (Wood)") == "helenes wood"
    assert search_key("Ōta") == "ota"  # any accent typed
    assert search_key("") == ""


@pytest.mark.parametrize("typed", ["St. Helen", "st helens", "Helen’s", "St Helens"])
def test_the_second_editions_name_is_found_too(typed):
    """The register's second edition names it "St Helen Without Parish Council": what people
    type, with or without the "s", still finds it."""
    CouncilFactory(name="St Helen Without Parish Council")
    CouncilFactory(name="Brize Norton Parish Council")
    found = set(Council.objects.search(typed).values_list("name", flat=True))
    assert found == {"St Helen Without Parish Council"}
