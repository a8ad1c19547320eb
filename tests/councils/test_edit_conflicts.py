"""Two people saving one record: the later save is refused with the conflict page (409), what
they typed kept and the other change shown (ui.conflicts), as the action plan's edit form does.
Today the first change was lost."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import Council
from tests.factories import PolicyOfficerFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def seen_of(response) -> str:
    """The hidden token of what the person saw, from the form page."""
    return re.search(r'name="seen" value="([^"]+)"', response.content.decode())[1]


def _html(response) -> str:
    return unescape(response.content.decode())


# --- Register corrections ---------------------------------------------------------------------


def _correction(council, **changes):
    data = {
        "name": council.name,
        "kind": council.kind,
        "kind_confirmed": "on",
        "district": council.district_id,
        "website": council.website,
        "contact_email": council.contact_email,
    }
    return {**data, **changes}


def test_two_officers_correcting_one_council(policy_client, council):
    other = _client(PolicyOfficerFactory(full_name="Sam Other"))
    url = reverse("councils:correct", args=[council.slug])
    mine, theirs = seen_of(policy_client.get(url)), seen_of(other.get(url))

    response = other.post(url, {**_correction(council, name="Adderbury PC"), "seen": theirs})
    assert response.status_code == 302

    typed = _correction(council, website="https://mine.example.org/")
    response = policy_client.post(url, {**typed, "seen": mine})
    assert response.status_code == 409
    html = _html(response)
    assert "Sam Other saved this council's details after you opened it" in html
    assert "What changed while you were editing" in html
    assert council.name in html and "Adderbury PC" in html  # then and now
    assert 'value="https://mine.example.org/"' in html  # what they typed, kept
    council.refresh_from_db()
    assert council.name == "Adderbury PC" and council.website != "https://mine.example.org/"

    # Saving again, knowingly, from the conflict page keeps theirs.
    again = {**typed, "name": "Adderbury PC", "seen": seen_of(response)}
    assert policy_client.post(url, again).status_code == 302
    council.refresh_from_db()
    assert (council.name, council.website) == ("Adderbury PC", "https://mine.example.org/")


def test_a_forged_token_is_a_field_error_not_a_500(policy_client, council):
    url = reverse("councils:correct", args=[council.slug])
    response = policy_client.post(url, {**_correction(council, name="X"), "seen": "forged"})
    assert response.status_code == 200
    assert "This form is out of date" in _html(response)
    assert Council.objects.get(pk=council.pk).name == council.name
